import { Global, Module } from '@nestjs/common';
import { EVENT_WAITLIST } from '../events/event-waitlist';
import { RegistrationWritesModule } from './registration-writes.module';
import { RegistrationWritesRepository } from './registration-writes.repository';

/**
 * Gives the events module (which the registrations module imports, so it
 * cannot import back) the promotion it must run when capacity is raised:
 * the registration writes' own, so promotion has one home.
 */
@Global()
@Module({
  imports: [RegistrationWritesModule],
  providers: [{ provide: EVENT_WAITLIST, useExisting: RegistrationWritesRepository }],
  exports: [EVENT_WAITLIST],
})
export class EventWaitlistModule {}
