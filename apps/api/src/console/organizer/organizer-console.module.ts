import { Module } from '@nestjs/common';
import { AttendanceModule } from '../../attendance/attendance.module';
import { EventsModule } from '../../events/events.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { PartnersModule } from '../../partners/partners.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { ConsoleCoreModule } from '../console-core.module';
import { CohostPickerService } from './cohost-picker.service';
import { OrganizerActions } from './organizer-actions';
import { OrganizerAttendanceController } from './organizer-attendance.controller';
import { OrganizerCohostsController } from './organizer-cohosts.controller';
import { OrganizerDeliveriesController } from './organizer-deliveries.controller';
import { OrganizerDashboardService } from './organizer-dashboard.service';
import { OrganizerEventsController } from './organizer-events.controller';
import { OrganizerEventsService } from './organizer-events.service';
import { OrganizerPagesService } from './organizer-pages.service';
import { OrganizerQuestionsController } from './organizer-questions.controller';

/**
 * The organizer pages (dashboard, webinars, co-hosts) under
 * `/console/events`, on the events module's services and access matrix.
 * See docs/console.md.
 */
@Module({
  imports: [
    ConsoleCoreModule,
    EventsModule,
    PartnersModule,
    RegistrationsModule,
    AttendanceModule,
    NotificationsModule,
  ],
  controllers: [
    OrganizerEventsController,
    OrganizerCohostsController,
    OrganizerAttendanceController,
    OrganizerDeliveriesController,
    OrganizerQuestionsController,
  ],
  providers: [
    OrganizerActions,
    OrganizerDashboardService,
    CohostPickerService,
    OrganizerEventsService,
    OrganizerPagesService,
  ],
})
export class OrganizerConsoleModule {}
