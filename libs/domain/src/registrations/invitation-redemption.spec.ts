import { ConflictError, ForbiddenError } from '../errors';
import { sha256 } from '../secrets';
import { assertInvitationRedeemable } from './invitation-redemption';

const codeOf = (run: () => void): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as ForbiddenError | ConflictError).code;
  }
};

describe('assertInvitationRedeemable', () => {
  const stored = { codeHash: sha256('the-code'), usedAt: null };

  it('accepts the code of an unused invitation', () => {
    expect(codeOf(() => assertInvitationRedeemable(stored, 'the-code'))).toBeNull();
  });

  it.each([
    ['no invitation for the address', undefined, 'the-code'],
    ['an invitation whose code was never minted', { codeHash: null, usedAt: null }, 'the-code'],
    ['another code', stored, 'other-code'],
    ['no code', stored, undefined],
  ])('refuses %s as INVITATION_CODE_INVALID (403)', (_, invitation, code) => {
    expect(() => assertInvitationRedeemable(invitation, code)).toThrow(ForbiddenError);
    expect(codeOf(() => assertInvitationRedeemable(invitation, code))).toBe('INVITATION_CODE_INVALID');
  });

  it('refuses a used invitation as INVITATION_USED (409), after the code matched', () => {
    const used = { ...stored, usedAt: new Date() };
    expect(codeOf(() => assertInvitationRedeemable(used, 'the-code'))).toBe('INVITATION_USED');
    expect(codeOf(() => assertInvitationRedeemable(used, 'wrong'))).toBe('INVITATION_CODE_INVALID');
  });
});
