import { Module } from '@nestjs/common';
import { AdminConsoleModule } from './admin/admin-console.module';
import { ConsoleCoreModule } from './console-core.module';
import { OrganizerConsoleModule } from './organizer/organizer-console.module';
import { SignInController } from './sign-in/sign-in.controller';

/**
 * The console (see docs/console.md): server-rendered pages under `/console`
 * for hub admins and organizers, on the JSON API's services.
 */
@Module({
  imports: [ConsoleCoreModule, AdminConsoleModule, OrganizerConsoleModule],
  controllers: [SignInController],
})
export class ConsoleModule {}
