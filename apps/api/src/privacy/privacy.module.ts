import { Module } from '@nestjs/common';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';
import { SelfErasureController } from './self-erasure.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/** One-click unsubscribe, erasure (admin API and the registrant's own link). */
@Module({
  controllers: [UnsubscribeController, ErasureController, SelfErasureController],
  providers: [UnsubscribeService, ErasureService],
  exports: [UnsubscribeService],
})
export class PrivacyModule {}
