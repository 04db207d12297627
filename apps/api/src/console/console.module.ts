import { Module } from '@nestjs/common';
import { ConsoleCoreModule } from './console-core.module';
import { OrganizerConsoleModule } from './organizer/organizer-console.module';
import { SignInController } from './sign-in/sign-in.controller';
import { SignInService } from './sign-in/sign-in.service';

/**
 * The console (see docs/console.md): server-rendered pages under `/console`
 * for hub admins and organizers, on the JSON API's services.
 */
@Module({
  imports: [ConsoleCoreModule, OrganizerConsoleModule],
  controllers: [SignInController],
  providers: [SignInService],
})
export class ConsoleModule {}
