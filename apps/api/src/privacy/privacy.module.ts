import { Module } from '@nestjs/common';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/** One-click unsubscribe; erasure, retention and the audit log are to join it. */
@Module({
  controllers: [UnsubscribeController, ErasureController],
  providers: [UnsubscribeService, ErasureService],
  exports: [UnsubscribeService],
})
export class PrivacyModule {}
