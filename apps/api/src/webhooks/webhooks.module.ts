import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService],
  // The console's webhooks page uses the same service.
  exports: [WebhooksService],
})
export class WebhooksModule {}
