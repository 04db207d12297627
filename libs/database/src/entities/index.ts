import { AgreementEntity } from './agreement.entity';
import { ApiTokenEntity } from './api-token.entity';
import { OrganizerEntity } from './organizer.entity';
import { PartnerEntity } from './partner.entity';

export * from './agreement.entity';
export * from './api-token.entity';
export * from './organizer.entity';
export * from './partner.entity';

/** Every entity, listed explicitly so the same list serves the app, the CLI and jest. */
export const ENTITIES = [PartnerEntity, AgreementEntity, OrganizerEntity, ApiTokenEntity];
