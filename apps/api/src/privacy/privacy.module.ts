import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';
import { SelfErasureController } from './self-erasure.controller';
import { SuppressionsService } from './suppressions.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/** One-click unsubscribe, erasure (admin API and the registrant's own link), the audit log. */
@Module({
  controllers: [UnsubscribeController, ErasureController, SelfErasureController, AuditController],
  providers: [UnsubscribeService, ErasureService, AuditService, SuppressionsService],
  // The console's admin pages (erasure, audit log, suppressions) use the same services.
  exports: [UnsubscribeService, ErasureService, AuditService, SuppressionsService],
})
export class PrivacyModule {}
