import { EventEntity } from '@cohost/database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventAccessService } from './event-access.service';

@Module({
  imports: [TypeOrmModule.forFeature([EventEntity])],
  providers: [EventAccessService],
  exports: [EventAccessService],
})
export class EventsModule {}
