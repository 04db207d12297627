import { mintInvitationCode } from '@cohost/database';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { HubAdminsService } from '../console/hub-admins.service';
import {
  DEMO_AGREEMENTS,
  DEMO_HUB_ADMIN,
  DEMO_MEMBERS,
  DEMO_PARTNERS,
  DemoPerson,
  demoPeople,
  seededRandom,
} from './demo-data';

/** The slugs of the demo's webinars; all six present (with the partners and the hub admin) = loaded. */
export const DEMO_EVENT_SLUGS = {
  cohosted: 'japan-denmark-regenerative-medicine',
  inviteOnly: 'green-biotech-roundtable',
  full: 'medicon-valley-tokyo-digital-health',
  cancelled: 'catalonia-japan-biotech-partnering',
  rescheduled: 'link-j-members-pitch-night',
  past: 'antibody-engineering-workshop',
} as const;

/** What `last_error` says on the demo's emails, which are recorded but never sent. */
export const DEMO_NOT_MAILED = 'demo data: not mailed';

export type DemoState =
  | { kind: 'empty' }
  | { kind: 'loaded' }
  | { kind: 'partial' }
  | { kind: 'other'; partners: number; members: number; events: number };

export interface DemoSummary {
  partners: number;
  agreements: number;
  organizers: number;
  members: number;
  events: number;
  registrations: Record<string, number>;
  notMailed: number;
}

type Json = Record<string, unknown>;

/**
 * Loads the demo hub through the api's own HTTP routes (validation, rules,
 * seat counters and outbox rows exactly as for real callers), answered
 * in-process by `app.inject` (nothing listens). Two things no route does
 * are done here directly, and say so: an invitee's code is minted as the
 * worker mints it for the invitation email, and the past webinar is moved
 * into the past after its registrations (the api schedules only in the
 * future).
 */
export class DemoLoader {
  private readonly organizers = new Map<string, Json>();
  private readonly random = seededRandom(20260316);
  private readonly taken = new Set<string>();
  private readonly seen: DemoPerson[] = [];

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly dataSource: DataSource,
    private readonly adminToken: string,
  ) {}

  /** Whether the database is empty, holds the demo (whole or in part), or holds something else. */
  async state(): Promise<DemoState> {
    const [row]: Array<{ partners: number; members: number; events: number; demo_partners: number }> =
      await this.dataSource.query(
        `SELECT (SELECT count(*) FROM partners)::int AS partners,
                (SELECT count(*) FROM member_organizations)::int AS members,
                (SELECT count(*) FROM events)::int AS events,
                (SELECT count(*) FROM partners WHERE slug = ANY($1::text[]))::int AS demo_partners`,
        [DEMO_PARTNERS.map((p) => p.slug)],
      );
    if (row.partners === 0 && row.members === 0 && row.events === 0) return { kind: 'empty' };
    if (row.demo_partners === 0)
      return { kind: 'other', partners: row.partners, members: row.members, events: row.events };
    const [done]: Array<{ events: number; admin: boolean }> = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM events WHERE slug = ANY($1::text[]))::int AS events,
              EXISTS (SELECT 1 FROM hub_admins WHERE lower(email) = lower($2)) AS admin`,
      [Object.values(DEMO_EVENT_SLUGS), DEMO_HUB_ADMIN],
    );
    const complete =
      row.demo_partners === DEMO_PARTNERS.length && done.events === Object.keys(DEMO_EVENT_SLUGS).length && done.admin;
    return complete ? { kind: 'loaded' } : { kind: 'partial' };
  }

  /** Workers connected to this database (their outbox listener), which would mail the demo's registrants. */
  async connectedWorkers(): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'cohost-relay'`,
    );
    return row.n;
  }

  async load(): Promise<DemoSummary> {
    const admin = { authorization: `Bearer ${this.adminToken}` };
    for (const p of DEMO_PARTNERS) {
      const { organizers, ...partner } = p;
      await this.call('POST', '/api/v1/partners', admin, partner);
      for (const organizer of organizers) {
        const created = await this.call('POST', `/api/v1/partners/${p.slug}/organizers`, admin, organizer);
        if (!this.organizers.has(p.slug)) this.organizers.set(p.slug, created);
      }
    }
    for (const agreement of DEMO_AGREEMENTS) await this.call('POST', '/api/v1/agreements', admin, agreement);
    for (const member of DEMO_MEMBERS) {
      await this.call('POST', '/api/v1/member-organizations', admin, { name: member.name, domains: [member.domain] });
    }

    await this.cohostedEvent();
    await this.inviteOnlyEvent();
    await this.fullEvent();
    await this.cancelledEvent();
    await this.rescheduledEvent();
    await this.pastEvent();

    await new HubAdminsService(this.dataSource).add(DEMO_HUB_ADMIN);
    const notMailed = await this.markNotMailed();
    return this.summary(notMailed);
  }

  // --- the six webinars -------------------------------------------------------------------------

  /** LINK-J hosts, the embassy co-hosts (invited and accepted): a big public seminar. */
  private async cohostedEvent(): Promise<void> {
    const event = await this.createEvent('link-j', {
      slug: DEMO_EVENT_SLUGS.cohosted,
      title: {
        en: 'Japan–Denmark Life Science Seminar: Regenerative Medicine',
        ja: '日デ・ライフサイエンスセミナー：再生医療',
      },
      description: {
        en: 'Researchers and companies from both countries on iPS-derived cell therapies, manufacturing and regulation.\nSimultaneous interpretation.',
        ja: 'iPS細胞由来の細胞治療、製造、規制について両国の研究者と企業が講演します。\n同時通訳あり。',
      },
      ...this.span('Asia/Tokyo', 12, 17, 120),
      timezone: 'Asia/Tokyo',
      capacity: 150,
      waitlist: true,
      joinUrl: 'https://meet.example.org/j/link-j-regen',
    });
    await this.addCohost(event, 'link-j', 'royal-danish-embassy');
    await this.publish(event, 'link-j');
    const people = this.people(90);
    await this.registerAll(event, people, (p) => (p.locale === 'en' ? 'royal-danish-embassy' : undefined));
  }

  /** The embassy's roundtable by invitation: 24 invited, 9 registered through their invitation. */
  private async inviteOnlyEvent(): Promise<void> {
    const event = await this.createEvent('royal-danish-embassy', {
      slug: DEMO_EVENT_SLUGS.inviteOnly,
      title: { en: "Green Biotech Roundtable at the Ambassador's Residence", ja: '大使公邸グリーンバイオ円卓会議' },
      description: { en: 'By invitation. Chatham House rule.', ja: '招待制。チャタムハウス・ルール。' },
      ...this.span('Asia/Tokyo', 20, 15, 150),
      timezone: 'Asia/Tokyo',
      capacity: 30,
      visibility: 'invite_only',
      joinUrl: 'https://meet.example.org/j/embassy-roundtable',
    });
    await this.publish(event, 'royal-danish-embassy');
    const invited = this.people(24);
    await this.call('POST', `/api/v1/events/${event.id}/invitations`, this.as('royal-danish-embassy'), {
      emails: invited.map((p) => p.email),
    });
    for (const person of invited.slice(0, 9)) {
      const [invitation]: Array<{ id: string }> = await this.dataSource.query(
        `SELECT id FROM invitations WHERE event_id = $1 AND lower(email) = lower($2)`,
        [event.id, person.email],
      );
      // What the invitation email would carry (the worker mints it when it sends one).
      const invitationCode = await mintInvitationCode(this.dataSource.manager, invitation.id);
      await this.register(event, person, { invitationCode });
    }
  }

  /** Medicon Valley Alliance with LINK-J: full, 12 on the waitlist, 2 cancellations that promoted 2. */
  private async fullEvent(): Promise<void> {
    const event = await this.createEvent('medicon-valley-alliance', {
      slug: DEMO_EVENT_SLUGS.full,
      title: {
        en: 'Medicon Valley × Tokyo: Digital Health Startups',
        ja: 'メディコンバレー×東京：デジタルヘルス・スタートアップ',
      },
      description: {
        en: 'Eight pitches, one panel, and introductions afterwards.',
        ja: '8社のピッチとパネル討論、その後の個別紹介。',
      },
      ...this.span('Europe/Copenhagen', 9, 9, 90),
      timezone: 'Europe/Copenhagen',
      capacity: 60,
      waitlist: true,
      joinUrl: 'https://meet.example.org/j/mva-digital-health',
    });
    await this.addCohost(event, 'medicon-valley-alliance', 'link-j');
    await this.publish(event, 'medicon-valley-alliance');
    const registered = await this.registerAll(event, this.people(72));
    for (const registration of registered.filter((r) => r.status === 'confirmed').slice(5, 7)) {
      await this.call(
        'POST',
        `/api/v1/events/${event.id}/registrations/${registration.id}/cancel`,
        this.as('medicon-valley-alliance'),
      );
    }
  }

  /** Biocat with LINK-J, cancelled by its host after 25 had registered. */
  private async cancelledEvent(): Promise<void> {
    const event = await this.createEvent('biocat', {
      slug: DEMO_EVENT_SLUGS.cancelled,
      title: { en: 'Catalonia–Japan Biotech Partnering' },
      ...this.span('Europe/Madrid', 30, 10, 180),
      timezone: 'Europe/Madrid',
      capacity: 80,
      joinUrl: 'https://meet.example.org/j/biocat-partnering',
    });
    await this.addCohost(event, 'biocat', 'link-j');
    await this.publish(event, 'biocat');
    await this.registerAll(event, this.people(25));
    await this.call('POST', `/api/v1/events/${event.id}/cancel`, this.as('biocat'), {
      reason: 'The speakers cannot travel on this date; a new date will be announced.',
    });
  }

  /** LINK-J's members-only pitch night, 5 seats per member organization, moved two days later. */
  private async rescheduledEvent(): Promise<void> {
    const event = await this.createEvent('link-j', {
      slug: DEMO_EVENT_SLUGS.rescheduled,
      title: { en: "LINK-J Members' Pitch Night", ja: 'LINK-J 会員ピッチナイト' },
      description: { en: 'For member organizations of the hub.', ja: 'ハブの会員組織の方が対象です。' },
      ...this.span('Asia/Tokyo', 16, 18, 120),
      timezone: 'Asia/Tokyo',
      capacity: 100,
      audience: 'members',
      seatsPerOrganization: 5,
      joinUrl: 'https://meet.example.org/j/link-j-pitch',
    });
    await this.publish(event, 'link-j');
    const perOrganization = new Map<string, number>();
    const people = this.people(70).filter((p) => {
      const domain = p.email.split('@')[1];
      const n = perOrganization.get(domain) ?? 0;
      perOrganization.set(domain, n + 1);
      return n < 5;
    });
    await this.registerAll(event, people.slice(0, 50));
    await this.call('PATCH', `/api/v1/events/${event.id}`, this.as('link-j'), this.span('Asia/Tokyo', 18, 18, 120));
  }

  /** LINK-J with Medicon Valley Alliance, ten days ago: 70 registered, 48 attended (a Zoom report). */
  private async pastEvent(): Promise<void> {
    const event = await this.createEvent('link-j', {
      slug: DEMO_EVENT_SLUGS.past,
      title: { en: 'Antibody Engineering Workshop', ja: '抗体エンジニアリング・ワークショップ' },
      ...this.span('Asia/Tokyo', 5, 16, 120),
      timezone: 'Asia/Tokyo',
      capacity: 100,
      joinUrl: 'https://meet.example.org/j/antibody-workshop',
    });
    await this.addCohost(event, 'link-j', 'medicon-valley-alliance');
    await this.publish(event, 'link-j');
    const people = this.people(70);
    await this.registerAll(event, people);
    // The api schedules only in the future: the workshop is moved to where it belongs, ten days ago.
    const past = this.span('Asia/Tokyo', -10, 16, 120);
    await this.dataSource.query(
      `UPDATE events SET starts_at = $2, ends_at = $3, published_at = $2::timestamptz - interval '40 days',
                         reminders = '{}'
        WHERE id = $1`,
      [event.id, past.startsAt, past.endsAt],
    );
    await this.dataSource.query(
      `UPDATE registrations SET joined_at = $2::timestamptz - interval '3 minutes'
        WHERE event_id = $1 AND lower(email) = ANY($3::text[])`,
      [event.id, past.startsAt, people.slice(0, 48).map((p) => p.email.toLowerCase())],
    );
    await this.call('POST', `/api/v1/events/${event.id}/attendance`, this.as('link-j'), {
      emails: people.slice(0, 48).map((p) => p.email),
    });
  }

  // --- helpers ----------------------------------------------------------------------------------

  private async call(method: 'GET' | 'POST' | 'PATCH', url: string, headers: Json, body?: unknown): Promise<Json> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(headers as Record<string, string>),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.body ? (res.json() as Json) : {};
  }

  /** The first organizer of a partner, as the bearer of a call. */
  private as(partner: string): Json {
    return { authorization: `Bearer ${String(this.organizers.get(partner)!.token)}` };
  }

  /** A span `days` from today at `hour`:00 in `zone`, `minutes` long, as the API takes it. */
  private span(zone: string, days: number, hour: number, minutes: number): { startsAt: string; endsAt: string } {
    const start = DateTime.now().setZone(zone).startOf('day').plus({ days }).set({ hour });
    return { startsAt: start.toUTC().toISO()!, endsAt: start.plus({ minutes }).toUTC().toISO()! };
  }

  private async createEvent(host: string, body: Json): Promise<{ id: string }> {
    // No reminders: the demo's registrants are never mailed (see docs/operations.md, "Demo data").
    const event = await this.call('POST', '/api/v1/events', this.as(host), { reminders: [], ...body });
    return { id: String(event.id) };
  }

  private async addCohost(event: { id: string }, host: string, cohost: string): Promise<void> {
    await this.call('POST', `/api/v1/events/${event.id}/cohosts`, this.as(host), { partner: cohost });
    await this.call('POST', `/api/v1/events/${event.id}/cohosts/${cohost}/accept`, this.as(cohost));
  }

  private async publish(event: { id: string }, host: string): Promise<void> {
    await this.call('POST', `/api/v1/events/${event.id}/publish`, this.as(host));
  }

  /** `count` people: mostly new ones, a few who registered for an earlier webinar too. */
  private people(count: number): DemoPerson[] {
    const again: DemoPerson[] = [];
    const want = Math.min(Math.floor(count * 0.15), this.seen.length);
    while (again.length < want) {
      const person = this.seen[Math.floor(this.random() * this.seen.length)];
      if (!again.includes(person)) again.push(person);
    }
    const fresh = demoPeople(count - again.length, this.random, this.taken);
    this.seen.push(...fresh);
    return [...fresh, ...again];
  }

  private async register(event: { id: string }, person: DemoPerson, extra: Json = {}): Promise<Json> {
    return this.call(
      'POST',
      `/api/v1/events/${event.id}/registrations`,
      {},
      {
        ...person,
        consent: { shareWithCohosts: this.random() < 0.8 },
        ...extra,
      },
    );
  }

  private async registerAll(
    event: { id: string },
    people: DemoPerson[],
    via: (p: DemoPerson) => string | undefined = () => undefined,
  ): Promise<Array<{ id: string; status: string }>> {
    const out: Array<{ id: string; status: string }> = [];
    for (const person of people) {
      const v = via(person);
      const res = await this.register(event, person, v ? { via: v } : {});
      out.push({ id: String(res.id), status: String(res.status) });
    }
    return out;
  }

  /**
   * The demo's emails are written to the outbox as for real registrations
   * (the organizers' notification views show them), then recorded as not
   * sent: `skipped`, relayed, with the reason. No worker runs meanwhile
   * (checked before loading), so none was queued.
   */
  private async markNotMailed(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET status = 'skipped', relayed_at = now(), last_error = $1, updated_at = now()
        WHERE status = 'pending' AND relayed_at IS NULL AND event_id IS NOT NULL`,
      [DEMO_NOT_MAILED],
    );
    return count;
  }

  private async summary(notMailed: number): Promise<DemoSummary> {
    const [row]: Array<Record<string, number>> = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM partners)::int AS partners,
              (SELECT count(*) FROM agreements)::int AS agreements,
              (SELECT count(*) FROM organizers)::int AS organizers,
              (SELECT count(*) FROM member_organizations)::int AS members,
              (SELECT count(*) FROM events)::int AS events`,
    );
    const statuses: Array<{ status: string; n: number }> = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM registrations GROUP BY status ORDER BY status`,
    );
    return {
      partners: row.partners,
      agreements: row.agreements,
      organizers: row.organizers,
      members: row.members,
      events: row.events,
      registrations: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      notMailed,
    };
  }
}
