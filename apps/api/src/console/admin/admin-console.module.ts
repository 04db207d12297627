import { Module } from '@nestjs/common';
import { AgreementsModule } from '../../agreements/agreements.module';
import { MembersModule } from '../../members/members.module';
import { OrganizersModule } from '../../organizers/organizers.module';
import { PartnersModule } from '../../partners/partners.module';
import { PrivacyModule } from '../../privacy/privacy.module';
import { ConsoleCoreModule } from '../console-core.module';
import { AgreementsAdminController } from './agreements-admin.controller';
import { AuditAdminController } from './audit-admin.controller';
import { ErasureAdminController } from './erasure-admin.controller';
import { MembersAdminController } from './members-admin.controller';
import { OrganizersAdminController } from './organizers-admin.controller';
import { PartnersAdminController } from './partners-admin.controller';
import { SuppressionsAdminController } from './suppressions-admin.controller';

/**
 * The hub admin pages: partners, agreements, member organizations, organizers per partner, and privacy
 * (erasure, audit log, suppressed addresses), on the JSON API's services.
 */
@Module({
  imports: [ConsoleCoreModule, PartnersModule, AgreementsModule, OrganizersModule, MembersModule, PrivacyModule],
  // Organizers first: its paths (`partners/:slug/organizers`) are more specific than the partners' `:slug`.
  controllers: [
    OrganizersAdminController,
    AgreementsAdminController,
    MembersAdminController,
    PartnersAdminController,
    ErasureAdminController,
    AuditAdminController,
    SuppressionsAdminController,
  ],
})
export class AdminConsoleModule {}
