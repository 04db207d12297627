import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { AnnouncementsController } from './announcements.controller';
import { AnnouncementsService } from './announcements.service';

/** Organizers' announcements to registrants (`event.announcement`); see docs/notifications.md. */
@Module({
  imports: [EventsModule],
  controllers: [AnnouncementsController],
  providers: [AnnouncementsService],
  exports: [AnnouncementsService],
})
export class AnnouncementsModule {}
