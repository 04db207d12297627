import { Module } from '@nestjs/common';
import { NumbersRepository } from './numbers.repository';
import { NumbersService } from './numbers.service';

/** Aggregate counts of registrations for the console's numbers (see docs/console.md "The numbers"). */
@Module({
  providers: [NumbersRepository, NumbersService],
  exports: [NumbersService],
})
export class NumbersModule {}
