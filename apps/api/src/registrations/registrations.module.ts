import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { CancelPreviewService } from './cancel-preview.service';
import { RegistrationCancelController } from './registration-cancel.controller';
import { RegistrationCancellationService } from './registration-cancellation.service';
import { RegistrationViewsService } from './registration-views.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationBatcher } from './registration-batcher';
import { RegistrationsService } from './registrations.service';
import { WaitlistPromoterModule } from './waitlist-promoter.module';

@Module({
  imports: [EventsModule, WaitlistPromoterModule],
  controllers: [RegistrationsController, RegistrationCancelController],
  providers: [
    RegistrationsService,
    RegistrationBatcher,
    RegistrationCancellationService,
    RegistrationViewsService,
    CancelPreviewService,
  ],
  exports: [RegistrationsService, RegistrationCancellationService, CancelPreviewService],
})
export class RegistrationsModule {}
