import { AppConfigModule } from '@cohost/config';
import { ApiTokenEntity, DatabaseModule } from '@cohost/database';
import { DomainError, normalizeEmail, NotFoundError } from '@cohost/domain';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { TokenSummary, TokensService } from './auth/tokens.service';
import { HubAdminsService } from './console/hub-admins.service';

@Module({
  imports: [AppConfigModule.forRoot(), DatabaseModule.forRoot(), TypeOrmModule.forFeature([ApiTokenEntity])],
  providers: [TokensService, HubAdminsService],
})
class CliModule {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A usage error: printed with the command's usage, exit code 2. */
class UsageError extends Error {}

/**
 * One entry per command. `check` validates the options before anything
 * connects (throw `UsageError`); `run` gets the application context and
 * writes its result to stdout. Add a command by adding an entry.
 */
interface Command {
  usage: string;
  options: Options;
  check?(values: Values): void;
  run(app: INestApplicationContext, values: Values): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The `--email` of a command in the one form addresses are stored and
 * compared in (`normalizeEmail`, as the API and the sign-in form: NFKC,
 * punycode domain, lower case), or a `UsageError` saying what is wrong.
 */
function emailOption(command: string, values: Values): string {
  const email = typeof values.email === 'string' ? values.email.trim() : '';
  if (!email) throw new UsageError(`${command} needs --email <address>`);
  const normalized = normalizeEmail(email);
  if (!normalized.address) {
    throw new UsageError(`${command}: --email ${JSON.stringify(email)} is refused: it ${normalized.problem}`);
  }
  return normalized.address;
}

function tokenLine(t: TokenSummary): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
  return `${t.id}  ${t.role.padEnd(9)}  ${t.email}  created ${t.createdAt.toISOString()}  ${state}`;
}

const COMMANDS: Record<string, Command> = {
  'admin-token': {
    usage: 'admin-token --email <address>      Issue a hub admin token and print it (shown once).',
    options: { email: { type: 'string' } },
    check: (values) => void emailOption('admin-token', values),
    async run(app, values) {
      out(await app.get(TokensService).issue({ role: 'admin', email: emailOption('admin-token', values) }));
    },
  },
  'add-admin': {
    usage: 'add-admin --email <address>        Record a hub admin who may sign in to the console at /console.',
    options: { email: { type: 'string' } },
    check: (values) => void emailOption('add-admin', values),
    async run(app, values) {
      const email = emailOption('add-admin', values);
      out(
        (await app.get(HubAdminsService).add(email))
          ? `${email} is a hub admin. Sign in at /console/sign-in: the link arrives by email.`
          : `${email} already is a hub admin.`,
      );
    },
  },
  'remove-admin': {
    usage: 'remove-admin --email <address>     Remove a hub admin; their console sessions end.',
    options: { email: { type: 'string' } },
    check: (values) => void emailOption('remove-admin', values),
    async run(app, values) {
      const email = emailOption('remove-admin', values);
      if (!(await app.get(HubAdminsService).remove(email)))
        throw new NotFoundError('HUB_ADMIN_NOT_FOUND', `${email} is not a hub admin.`);
      out(`${email} is no longer a hub admin; their console sessions have ended.`);
    },
  },
  'list-tokens': {
    usage:
      "list-tokens --partner <slug>       List a partner's organizers and their tokens (ids, never secrets).\n" +
      'list-tokens --admins               List the hub admin tokens.',
    options: { partner: { type: 'string' }, admins: { type: 'boolean' } },
    check(values) {
      if ((values.partner === undefined) === (values.admins === undefined)) {
        throw new UsageError('list-tokens needs either --partner <slug> or --admins');
      }
    },
    async run(app, values) {
      const tokens = app.get(TokensService);
      if (values.admins) {
        for (const token of await tokens.listAdmins()) out(tokenLine(token));
        return;
      }
      for (const organizer of await tokens.listForPartner(String(values.partner))) {
        out(`organizer ${organizer.id}  ${organizer.email}  ${organizer.name}`);
        if (organizer.tokens.length === 0) out('  (no tokens)');
        for (const token of organizer.tokens) out(`  ${tokenLine(token)}`);
      }
    },
  },
  'revoke-token': {
    usage: 'revoke-token --id <token id>       Revoke a token; refused from the next request on.',
    options: { id: { type: 'string' } },
    check(values) {
      if (typeof values.id !== 'string' || !UUID.test(values.id)) {
        throw new UsageError('revoke-token needs --id <token id> (a UUID, see list-tokens)');
      }
    },
    async run(app, values) {
      out(tokenLine(await app.get(TokensService).revoke(String(values.id))));
    },
  },
};

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
${Object.values(COMMANDS)
  .flatMap((c) => c.usage.split('\n'))
  .map((line) => `  ${line}`)
  .join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(USAGE);
    return name === undefined || name === '--help' ? 0 : 2;
  }
  let values: Values;
  try {
    values = parseArgs({ args: rest, options: command.options, strict: true }).values;
    command.check?.(values);
  } catch (error) {
    // A UsageError, or parseArgs refusing an unknown or malformed option.
    process.stderr.write(`${(error as Error).message}\nUsage: npm run cli -- ${command.usage}\n`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'], abortOnError: false });
  try {
    await command.run(app, values);
    return 0;
  } catch (error) {
    // Unknown partner or token: say so, exit 1, no stack.
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`cohost cli: ${error.message}\n`);
    process.exit(1);
  },
);
