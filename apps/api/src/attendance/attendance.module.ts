import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { AttendanceController } from './attendance.controller';
import { AttendanceService } from './attendance.service';
import { JoinLinkService } from './join-link.service';

/** Personal join links, attendance and follow-ups (see docs/registrations.md "Attendance"). */
@Module({
  imports: [EventsModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, JoinLinkService],
  exports: [JoinLinkService, AttendanceService],
})
export class AttendanceModule {}
