import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';
import { SelfErasureController } from './self-erasure.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/** One-click unsubscribe, erasure (admin API and the registrant's own link), the audit log. */
@Module({
  controllers: [UnsubscribeController, ErasureController, SelfErasureController, AuditController],
  providers: [UnsubscribeService, ErasureService],
  exports: [UnsubscribeService],
})
export class PrivacyModule {}
