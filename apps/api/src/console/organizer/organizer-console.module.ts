import { Module } from '@nestjs/common';
import { EventsModule } from '../../events/events.module';
import { PartnersModule } from '../../partners/partners.module';
import { ConsoleCoreModule } from '../console-core.module';
import { CohostPickerService } from './cohost-picker.service';
import { OrganizerActions } from './organizer-actions';
import { OrganizerCohostsController } from './organizer-cohosts.controller';
import { OrganizerDashboardService } from './organizer-dashboard.service';
import { OrganizerEventsController } from './organizer-events.controller';
import { OrganizerEventsService } from './organizer-events.service';
import { OrganizerPagesService } from './organizer-pages.service';

/**
 * The organizer pages (dashboard, webinars, co-hosts) under
 * `/console/events`, on the events module's services and access matrix.
 * See docs/console.md.
 */
@Module({
  imports: [ConsoleCoreModule, EventsModule, PartnersModule],
  controllers: [OrganizerEventsController, OrganizerCohostsController],
  providers: [
    OrganizerActions,
    OrganizerDashboardService,
    CohostPickerService,
    OrganizerEventsService,
    OrganizerPagesService,
  ],
})
export class OrganizerConsoleModule {}
