/**
 * The ceiling of the benchmark: a bare Fastify route that does what a
 * registration must do in the database through `pg`: the api's own
 * registration statement (one transaction: the conditional seat update or the
 * waitlist update, the registration INSERT, the outbox INSERT and its NOTIFY),
 * without Nest, validation, access checks, rate limiting or logging. Started
 * as its own process, like the api.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import {
  REGISTER_STATEMENT,
  registerParameters,
  RegisterStatementRow,
} from '../../apps/api/src/registrations/registration-writes.sql';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = Fastify({ logger: false });

interface Body {
  email: string;
  name: string;
  organization: string;
  locale: 'ja' | 'en';
  consent: { shareWithCohosts: boolean };
}

app.post<{ Params: { id: string }; Body: Body }>('/events/:id/registrations', async (request, reply) => {
  const body = request.body;
  const { rows } = await pool.query<RegisterStatementRow>(
    REGISTER_STATEMENT,
    registerParameters({
      eventId: request.params.id,
      email: body.email,
      name: body.name,
      organization: body.organization,
      locale: body.locale,
      timezone: 'Asia/Tokyo',
      viaPartnerId: null,
      shareWithCohosts: body.consent.shareWithCohosts,
      invitationId: null,
      memberOrganizationId: null,
      answers: [],
    }),
  );
  const row = rows[0];
  if (!row) return reply.code(422).send({ code: 'EVENT_FULL' });
  return reply
    .code(201)
    .send(
      row.status === 'waitlisted'
        ? { id: row.id, status: row.status, waitlistPosition: row.position }
        : { id: row.id, status: row.status },
    );
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
