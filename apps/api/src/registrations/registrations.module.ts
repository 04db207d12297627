import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MembersModule } from '../members/members.module';
import { CancelPreviewService } from './cancel-preview.service';
import { RegistrationCancelController } from './registration-cancel.controller';
import { RegistrationCancellationService } from './registration-cancellation.service';
import { RegistrationViewsRepository } from './registration-views.repository';
import { RegistrationViewsService } from './registration-views.service';
import { QuestionsController } from './questions.controller';
import { QuestionsService } from './questions.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationBatcher } from './registration-batcher.service';
import { RegistrationWritesModule } from './registration-writes.module';
import { RegistrationsService } from './registrations.service';
import { EventWaitlistModule } from './event-waitlist.module';

@Module({
  imports: [EventsModule, RegistrationWritesModule, EventWaitlistModule, MembersModule],
  controllers: [RegistrationsController, RegistrationCancelController, QuestionsController],
  providers: [
    RegistrationsService,
    QuestionsService,
    RegistrationBatcher,
    RegistrationCancellationService,
    RegistrationViewsService,
    RegistrationViewsRepository,
    CancelPreviewService,
  ],
  exports: [
    RegistrationsService,
    RegistrationCancellationService,
    CancelPreviewService,
    RegistrationViewsService,
    QuestionsService,
  ],
})
export class RegistrationsModule {}
