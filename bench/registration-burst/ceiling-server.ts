/**
 * The ceiling of the benchmark: a bare Fastify route that does what a
 * registration must do in the database (one transaction: the conditional
 * seat update or the waitlist update, the registration INSERT, the outbox
 * INSERT and its NOTIFY) through `pg`, without Nest, validation, access
 * checks, rate limiting or logging. Started as its own process, like the API.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = Fastify({ logger: false });

interface Body {
  email: string;
  name: string;
  organization: string;
  locale: string;
  consent: { shareWithCohosts: boolean };
}

app.post<{ Params: { id: string }; Body: Body }>('/events/:id/registrations', async (request, reply) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const eventId = request.params.id;
    const seat = await client.query(
      `UPDATE events SET confirmed_count = confirmed_count + 1
        WHERE id = $1 AND status = 'published' AND (capacity IS NULL OR confirmed_count < capacity) RETURNING id`,
      [eventId],
    );
    let status = 'confirmed';
    let position: number | undefined;
    if (seat.rowCount === 0) {
      const queued = await client.query(
        `UPDATE events SET waitlisted_count = waitlisted_count + 1 WHERE id = $1 AND waitlist RETURNING waitlisted_count`,
        [eventId],
      );
      status = 'waitlisted';
      position = queued.rows[0].waitlisted_count;
    }
    const body = request.body;
    const inserted = await client.query(
      `INSERT INTO registrations (event_id, email, name, organization, locale, timezone, share_with_cohosts, status,
                                  confirmed_at, waitlisted_at)
       VALUES ($1, $2, $3, $4, $5, 'Asia/Tokyo', $6, $7,
               CASE WHEN $7 = 'confirmed' THEN clock_timestamp() END, CASE WHEN $7 = 'waitlisted' THEN clock_timestamp() END)
       RETURNING id`,
      [eventId, body.email, body.name, body.organization, body.locale, body.consent.shareWithCohosts, status],
    );
    const id = inserted.rows[0].id as string;
    const kind = `registration.${status}`;
    await client.query(
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
       SELECT $1, r.event_id, r.id, e.sequence, $1 || ':' || r.id || ':' || e.sequence, r.email, $3::jsonb
         FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.id = $2
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [kind, id, JSON.stringify(position ? { waitlistPosition: position } : {})],
    );
    await client.query(`SELECT pg_notify('cohost_outbox', '')`);
    await client.query('COMMIT');
    return reply.code(201).send(position ? { id, status, waitlistPosition: position } : { id, status });
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

void app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(() => console.log('ceiling listening'));
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
