import { Module } from '@nestjs/common';
import { RegistrationWritesRepository } from './registration-writes.repository';

/** The one owner of registration writes, for the registrations module and the waitlist promoter. */
@Module({
  providers: [RegistrationWritesRepository],
  exports: [RegistrationWritesRepository],
})
export class RegistrationWritesModule {}
