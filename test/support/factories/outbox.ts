import type { RegistrationNotificationKind } from '@cohost/database';
import type { EntityManager } from 'typeorm';
import { REGISTRATION_OUTBOX } from '../../../apps/api/src/registrations/registration-writes.sql';

/**
 * Outbox rows of `kind` for registrations a test inserted directly, written
 * with the registration writes' own statement, so fixtures and the api
 * produce the same rows (kind, dedupe key, recipient).
 */
export async function writeRegistrationOutbox(
  manager: EntityManager,
  kind: RegistrationNotificationKind,
  registrationIds: readonly string[],
  data: Record<string, unknown> = {},
): Promise<number> {
  if (registrationIds.length === 0) return 0;
  const [row] = (await manager.query(REGISTRATION_OUTBOX, [kind, registrationIds, JSON.stringify(data)])) as Array<{
    n: number;
  }>;
  return row.n;
}
