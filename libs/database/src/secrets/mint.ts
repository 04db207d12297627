import { generateSecret, sha256 } from '@cohost/domain';
import { EntityManager } from 'typeorm';
import { CancelTokenEntity } from '../entities/cancel-token.entity';
import { InvitationEntity } from '../entities/invitation.entity';
import { JoinTokenEntity } from '../entities/join-token.entity';

/**
 * Mints a cancel token for a registration: 32 random bytes, of which only the
 * SHA-256 is stored. The plain token goes into one email's cancel link and
 * nowhere else (not in job data, not in logs).
 */
export async function mintCancelToken(manager: EntityManager, registrationId: string): Promise<string> {
  const token = generateSecret('');
  await manager.insert(CancelTokenEntity, { registrationId, tokenHash: sha256(token) });
  return token;
}

/**
 * Mints the code of an invitation email, replacing any earlier one: the latest
 * invitation email's link is the one that works. Bound to the invitation's
 * address, usable once (see the registrations module).
 */
export async function mintInvitationCode(manager: EntityManager, invitationId: string): Promise<string> {
  const code = generateSecret('');
  await manager.update(InvitationEntity, { id: invitationId }, { codeHash: sha256(code) });
  return code;
}

/**
 * Mints a personal join link's token (`/j/<token>`) for a registration: 32
 * random bytes, only the SHA-256 stored. One per email that carries the link;
 * the registration's earlier tokens stay valid (calendar entries keep them).
 */
export async function mintJoinToken(manager: EntityManager, registrationId: string): Promise<string> {
  const token = generateSecret('');
  await manager.insert(JoinTokenEntity, { registrationId, tokenHash: sha256(token) });
  return token;
}
