import { AppConfig } from '@cohost/config';
import { Client } from 'pg';
import { isDependencyUnavailable } from './http/unavailable';

/**
 * What the api prints after its start line while nothing is set up yet (no
 * partner, no member organization, no hub admin): how to load the demo and
 * how to sign in to the console. Once any of those exists it prints nothing,
 * so it shows on the first starts of a fresh machine only.
 */
export function firstStartHint(config: Pick<AppConfig, 'mail'>): string {
  const mail = config.mail.smtpUrl ? 'the mailbox of SMTP_URL' : `the newest .eml file in ${config.mail.dir}/`;
  return [
    'This database is empty. To look around with demo data (a hub, partners, webinars, registrants):',
    '  stop the platform (Ctrl-C), run `npm run demo`, then `npm start` again.',
    'To sign in to the console as hub admin: `npm run cli -- add-admin --email you@example.org`, then enter',
    `  that address at /console/sign-in and open the link in ${mail} (the demo's hub admin is`,
    '  hub-admin@link-j.example).',
  ].join('\n');
}

/**
 * True when the database holds no partner, member organization or hub admin;
 * false when it does or cannot say. The hint is a courtesy, never a reason
 * not to start: a database that cannot be reached just now is silently "not
 * first"; any other failure (a wrong database, a missing table) is passed to
 * `warn` as well, since it says something else is wrong.
 */
export async function isFirstStart(databaseUrl: string, warn: (message: string) => void): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'cohost-first-start' });
  try {
    await client.connect();
    const { rows } = await client.query<{ empty: boolean }>(
      `SELECT NOT (EXISTS (SELECT 1 FROM partners) OR EXISTS (SELECT 1 FROM member_organizations)
                   OR EXISTS (SELECT 1 FROM hub_admins)) AS empty`,
    );
    return rows[0].empty;
  } catch (error) {
    if (!isDependencyUnavailable(error))
      warn(`could not tell whether this is a first start: ${(error as Error).message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
