import { ConflictError, ForbiddenError } from '../errors';
import { digestsEqual, sha256 } from '../secrets';

/** An address's invitation to an event, as stored: only the code's digest is kept. */
export interface StoredInvitation {
  codeHash: Buffer | null;
  usedAt: Date | null;
}

/**
 * Throws unless `presentedCode` redeems `invitation` (the invitation of the
 * registering address, or undefined when it has none): the code's digest
 * must equal the stored one (compared in constant time) and the invitation
 * must be unused.
 */
export function assertInvitationRedeemable<T extends StoredInvitation>(
  invitation: T | undefined,
  presentedCode: string | undefined,
): asserts invitation is T {
  const presented = sha256(presentedCode ?? '');
  if (!invitation?.codeHash || !digestsEqual(invitation.codeHash, presented)) {
    throw new ForbiddenError(
      'INVITATION_CODE_INVALID',
      'This invitation code is not valid for this email address and event',
    );
  }
  if (invitation.usedAt) {
    throw new ConflictError('INVITATION_USED', 'This invitation code has already been used');
  }
}
