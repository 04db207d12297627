import { Module } from '@nestjs/common';
import { OrganizerTokensController } from './organizer-tokens.controller';
import { OrganizersController } from './organizers.controller';
import { OrganizersService } from './organizers.service';

@Module({
  controllers: [OrganizersController, OrganizerTokensController],
  providers: [OrganizersService],
})
export class OrganizersModule {}
