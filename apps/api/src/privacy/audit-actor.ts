import type { AuditActor } from '@cohost/database';
import type { Caller } from '../auth/caller';

/** Who a caller is in the audit log: an organizer (and their partner), an admin by email, or the `ADMIN_TOKEN`. */
export function auditActorOf(caller: Caller | undefined): AuditActor {
  if (!caller) return { kind: 'system' };
  if (caller.role === 'organizer') return { kind: 'organizer', id: caller.organizerId, partnerId: caller.partnerId };
  return caller.email ? { kind: 'admin', id: caller.email } : { kind: 'token' };
}
