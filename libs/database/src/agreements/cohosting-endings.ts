import { findCoveringAgreement } from '@cohost/domain';
import { EntityManager } from 'typeorm';
import { AgreementEntity } from '../entities/agreement.entity';
import { EventCohostsRepository } from '../events/event-cohosts.repository';
import { EventsRepository } from '../events/events.repository';
import { Outbox } from '../outbox/outbox';

/** A co-hosting an agreement's end leaves without cover. */
export interface EndedCohosting {
  eventId: string;
  slug: string;
  title: { en?: string; ja?: string };
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  sequence: number;
  hostPartnerId: string;
  cohostPartnerId: string;
}

interface CandidateRow {
  id: string;
  slug: string;
  title_en: string | null;
  title_ja: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  sequence: number;
  host_partner_id: string;
  cohost_partner_id: string;
  host_tz: string;
  cohost_tz: string;
}

/**
 * The accepted co-hostings between the agreement's two partners, of events
 * not yet over and not cancelled, that no agreement between them covers once
 * this one is as `override` says (a termination date to preview or apply).
 * Another agreement that still covers an event keeps its co-hosting. Events
 * that are over keep their history: they are never candidates.
 */
export async function cohostingsNoLongerCovered(
  manager: EntityManager,
  agreementId: string,
  override: { terminatedOn?: string } = {},
  now: Date = new Date(),
): Promise<EndedCohosting[]> {
  const agreement = await manager.findOneBy(AgreementEntity, { id: agreementId });
  if (!agreement) return [];
  const rows: CandidateRow[] = await manager.query(
    `SELECT e.id, e.slug, e.title_en, e.title_ja, e.starts_at, e.ends_at, e.timezone, e.sequence, e.host_partner_id,
            c.partner_id AS cohost_partner_id, hp.timezone AS host_tz, cp.timezone AS cohost_tz
       FROM events e
       JOIN event_cohosts c ON c.event_id = e.id AND c.status = 'accepted'
       JOIN partners hp ON hp.id = e.host_partner_id
       JOIN partners cp ON cp.id = c.partner_id
      WHERE ((e.host_partner_id = $1 AND c.partner_id = $2) OR (e.host_partner_id = $2 AND c.partner_id = $1))
        AND e.ends_at > $3 AND e.status <> 'cancelled'
      ORDER BY e.starts_at, e.id`,
    [agreement.partnerAId, agreement.partnerBId, now],
  );
  if (rows.length === 0) return [];
  const agreements = (
    await manager.find(AgreementEntity, {
      where: [
        { partnerAId: agreement.partnerAId, partnerBId: agreement.partnerBId },
        { partnerAId: agreement.partnerBId, partnerBId: agreement.partnerAId },
      ],
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
    })
  ).map((a) => (a.id === agreementId && override.terminatedOn ? { ...a, terminatedOn: override.terminatedOn } : a));
  return rows
    .filter(
      (r) =>
        !findCoveringAgreement(agreements, { start: r.starts_at, end: r.ends_at }, [r.host_tz, r.cohost_tz]).covered,
    )
    .map((r) => ({
      eventId: r.id,
      slug: r.slug,
      title: { ...(r.title_en !== null ? { en: r.title_en } : {}), ...(r.title_ja !== null ? { ja: r.title_ja } : {}) },
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      timezone: r.timezone,
      sequence: r.sequence,
      hostPartnerId: r.host_partner_id,
      cohostPartnerId: r.cohost_partner_id,
    }));
}

/**
 * Ends those co-hostings (status `ended`) and writes one
 * `agreement.cohosting_ended` email per organizer of either partner, listing
 * the webinars; call it in the transaction that ends the agreement (or in
 * the sweep that finds it expired). Writing it twice for the same end is one
 * email per organizer (dedupe key: kind, organizer, agreement, end date).
 */
export async function endCohostings(
  manager: EntityManager,
  agreementId: string,
  end: { on: string; reason: 'terminated' | 'expired' },
  ended: readonly EndedCohosting[],
): Promise<{ cohostings: number; emails: number }> {
  if (ended.length === 0) return { cohostings: 0, emails: 0 };
  await EventCohostsRepository.end(
    manager,
    ended.map((e) => ({ eventId: e.eventId, partnerId: e.cohostPartnerId })),
  );
  // Public pages and the worker read events by their version stamp.
  await EventsRepository.touch(
    manager,
    ended.map((e) => e.eventId),
  );
  const agreement = await manager.findOneByOrFail(AgreementEntity, { id: agreementId });
  const organizers: Array<{ id: string; email: string; partner_id: string; other_name: string }> = await manager.query(
    `SELECT o.id, o.email, o.partner_id, other.name_en AS other_name
       FROM organizers o
       JOIN partners other ON other.id = CASE WHEN o.partner_id = $1 THEN $2::uuid ELSE $1::uuid END
      WHERE o.partner_id IN ($1, $2)`,
    [agreement.partnerAId, agreement.partnerBId],
  );
  const first = ended[0];
  const events = ended.map((e) => ({
    id: e.eventId,
    slug: e.slug,
    title: e.title,
    startsAt: e.startsAt.toISOString(),
    timezone: e.timezone,
  }));
  const emails = await Outbox.forCohostingEnded(
    manager,
    { agreementId, on: end.on, eventId: first.eventId, eventSequence: first.sequence },
    organizers.map((organizer) => ({
      id: organizer.id,
      email: organizer.email,
      data: {
        agreementId,
        agreementKind: agreement.kind,
        endsOn: end.on,
        reason: end.reason,
        partner: organizer.other_name,
        events,
      },
    })),
  );
  return { cohostings: ended.length, emails };
}

/**
 * Agreements whose `expiresOn` came within the last week (the sweep runs
 * hourly; a week covers a worker that was down): the ends to apply.
 */
export async function recentlyExpiredAgreements(manager: EntityManager, today: string): Promise<AgreementEntity[]> {
  return manager
    .createQueryBuilder(AgreementEntity, 'a')
    .where('a.expires_on IS NOT NULL AND a.expires_on <= :today AND a.expires_on > (:today::date - 7)', { today })
    .getMany();
}
