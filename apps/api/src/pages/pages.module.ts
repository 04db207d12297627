import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { EventsModule } from '../events/events.module';
import { PartnersModule } from '../partners/partners.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CsrfService } from './csrf.service';
import { PageContextFactory } from './page-context';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './page-renderer.service';
import { JoinLinkController } from './join-link.controller';
import { PageCache } from './cache/page-cache';
import { PagesController } from './pages.controller';
import { PagesDataService } from './pages-data.service';

/** Server-rendered public pages (see docs/pages.md); plugins are registered in `pages.setup.ts`. */
@Module({
  imports: [EventsModule, PartnersModule, RegistrationsModule, AttendanceModule],
  controllers: [PagesController, JoinLinkController],
  providers: [PagesDataService, PageRenderer, PageCache, PageContextFactory, CsrfService, PageExceptionFilter],
  // The application-wide filter answers unknown paths with the pages' error page.
  exports: [PageExceptionFilter],
})
export class PagesModule {}
