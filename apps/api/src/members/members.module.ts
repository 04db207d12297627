import { Module } from '@nestjs/common';
import { MemberRosterRepository } from './member-roster.repository';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

/** The hub's roster of member organizations, and the look-up members-only webinars register through. */
@Module({
  controllers: [MembersController],
  providers: [MembersService, MemberRosterRepository],
  exports: [MemberRosterRepository, MembersService],
})
export class MembersModule {}
