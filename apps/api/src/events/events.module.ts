import { EventEntity } from '@cohost/database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarFeedsService } from './calendar-feeds.service';
import { EventCalendarController, PartnerCalendarController } from './calendar-feeds.controller';
import { CohostCoverageService } from './cohost-coverage.service';
import { CohostsService } from './cohosts.service';
import { EventAccessService } from './event-access.service';
import { EventIdsService } from './event-ids.service';
import { EventListingService } from './event-listing.service';
import { EventPresenter } from './event.presenter';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [TypeOrmModule.forFeature([EventEntity])],
  controllers: [EventsController, EventCalendarController, PartnerCalendarController],
  providers: [
    EventAccessService,
    EventIdsService,
    EventsService,
    CohostsService,
    CohostCoverageService,
    EventListingService,
    EventPresenter,
    CalendarFeedsService,
  ],
  exports: [EventAccessService, EventIdsService, EventsService, CohostsService, EventPresenter, EventListingService],
})
export class EventsModule {}
