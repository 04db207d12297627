import { loadConfig } from '@cohost/config';
import { ensureDatabase } from '@cohost/database';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApi } from '../bootstrap';
import { DEMO_HUB_ADMIN, DEMO_PARTNERS } from './demo-data';
import { DemoLoader, DemoSummary } from './demo.loader';

/**
 * `npm run demo`: fills an empty database with a believable hub (see
 * demo.loader.ts and docs/operations.md, "Demo data"). Exit codes: 0 loaded
 * or already loaded, 1 refused (other data, a partial demo, a worker
 * running) or failed.
 */
const out = (line = '') => process.stdout.write(`${line}\n`);
const RAISED = '1000000';

async function main(): Promise<number> {
  const config = loadConfig({
    // This process's own: an admin token nobody else knows (no token row is written for the demo),
    // and rate limits that do not count the demo's few hundred registrations from one address.
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    RATE_LIMIT_REGISTER_PER_MIN: RAISED,
    RATE_LIMIT_REGISTER_EMAIL_PER_MIN: RAISED,
    RATE_LIMIT_CANCEL_PER_MIN: RAISED,
  });
  await ensureDatabase(config.database.url);
  const app = await createApi(config, { logs: false });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const loader = new DemoLoader(app, app.get(DataSource), config.auth.adminToken!);
    const state = await loader.state();
    if (state.kind === 'loaded') {
      out('The demo is already loaded in this database; nothing was changed.');
      return 0;
    }
    if (state.kind === 'partial') {
      process.stderr.write(
        'This database holds part of the demo (an earlier `npm run demo` did not finish). Load it into an empty\n' +
          'database: drop this one (or point DATABASE_URL at a new name) and run `npm run demo` again.\n',
      );
      return 1;
    }
    if (state.kind === 'other') {
      process.stderr.write(
        `Refusing to load the demo: this database already holds data (${state.partners} partners, ` +
          `${state.members} member organizations, ${state.events} events). The demo only fills an empty ` +
          'database; point DATABASE_URL at a new database name to try it.\n',
      );
      return 1;
    }
    const workers = await loader.connectedWorkers();
    if (workers > 0) {
      process.stderr.write(
        `A cohost worker is connected to this database (${workers}): it would mail the demo's made-up registrants.\n` +
          'Stop the platform (Ctrl-C where `npm start` runs), run `npm run demo`, then `npm start` again.\n',
      );
      return 1;
    }
    out('Loading the demo hub...');
    print(
      await loader.load(),
      config.mail.smtpUrl ? 'the mailbox of SMTP_URL' : `the newest .eml file in ${config.mail.dir}/`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

function print(s: DemoSummary, mailbox: string): void {
  const registrations = Object.entries(s.registrations)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  out(
    `Loaded: ${s.partners} partners, ${s.agreements} agreements, ${s.organizers} organizers, ` +
      `${s.members} member organizations, ${s.events} webinars; registrations: ${registrations}.`,
  );
  out(`${s.notMailed} emails were recorded for the demo's registrants and marked "not mailed": nobody is sent any.`);
  out();
  out(`Sign in to the console at /console/sign-in; the link arrives in ${mailbox}. As:`);
  out(`  hub admin:  ${DEMO_HUB_ADMIN}`);
  for (const partner of DEMO_PARTNERS) out(`  organizer of ${partner.name.en}:  ${partner.organizers[0].email}`);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`cohost demo failed: ${error.message}\n`);
    process.exit(1);
  },
);
