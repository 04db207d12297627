import { Module } from '@nestjs/common';

/**
 * The organizer pages (dashboard, webinars, co-hosts): the console-org
 * branch's module, imported by ConsoleModule. Its controllers use
 * `@ConsoleController()`, `@ConsoleAuth('organizer')`, `@Actor()`,
 * `ConsoleRenderer` and `callerOf()` from the console foundation.
 */
@Module({})
export class OrganizerConsoleModule {}
