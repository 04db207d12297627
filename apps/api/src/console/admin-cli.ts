import { AppConfigModule } from '@cohost/config';
import { DatabaseModule } from '@cohost/database';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { HubAdminsService } from './hub-admins.service';

@Module({ imports: [AppConfigModule.forRoot(), DatabaseModule], providers: [HubAdminsService] })
class AdminCliModule {}

export const ADMIN_CLI_USAGE = `  add-admin --email <address>     Record a hub admin who may sign in to the console at /console.
  remove-admin --email <address>  Remove a hub admin; their console sessions end.
`;

/** `add-admin` / `remove-admin`; undefined for any other command (cli.ts handles those). */
export async function runAdminCommand(command: string | undefined, args: string[]): Promise<number | undefined> {
  if (command !== 'add-admin' && command !== 'remove-admin') return undefined;
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const email = values.email?.trim();
  if (!email || !/^[^\s"'<>@]+@[^\s"'<>@]+$/.test(email)) {
    process.stderr.write(`${command} needs --email <address>\n`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(AdminCliModule, { logger: ['error'], abortOnError: false });
  try {
    const admins = app.get(HubAdminsService);
    if (command === 'add-admin') {
      const added = await admins.add(email);
      process.stdout.write(
        added
          ? `${email} is a hub admin. Sign in at /console/sign-in: the link arrives by email.\n`
          : `${email} already is a hub admin.\n`,
      );
      return 0;
    }
    if (!(await admins.remove(email))) {
      process.stderr.write(`${email} is not a hub admin.\n`);
      return 1;
    }
    process.stdout.write(`${email} is no longer a hub admin; their console sessions have ended.\n`);
    return 0;
  } finally {
    await app.close();
  }
}
