import { AppConfigModule } from '@cohost/config';
import { ApiTokenEntity, DatabaseModule } from '@cohost/database';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { parseArgs } from 'node:util';
import { TokensService } from './auth/tokens.service';
import { ADMIN_CLI_USAGE, runAdminCommand } from './console/admin-cli';

@Module({
  imports: [AppConfigModule.forRoot(), DatabaseModule, TypeOrmModule.forFeature([ApiTokenEntity])],
  providers: [TokensService],
})
class CliModule {}

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  admin-token --email <address>   Issue a hub admin token and print it (shown once).
${ADMIN_CLI_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const handled = await runAdminCommand(command, rest);
  if (handled !== undefined) return handled;
  if (command !== 'admin-token') {
    process.stderr.write(USAGE);
    return command === undefined || command === '--help' ? 0 : 2;
  }
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } }, strict: true });
  const email = values.email?.trim();
  if (!email || !/^[^\s"'<>@]+@[^\s"'<>@]+$/.test(email)) {
    process.stderr.write('admin-token needs --email <address>\n');
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'], abortOnError: false });
  try {
    const token = await app.get(TokensService).issue({ role: 'admin', email });
    process.stdout.write(`${token}\n`);
    return 0;
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
