import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The process environment as cohost reads it. Every variable the platform
 * understands is declared here, with its default; nothing else reads
 * `process.env`.
 */
export class Environment {
  @Matches(/^postgres(ql)?:\/\/[^\s]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'DATABASE_URL must be a postgres:// URL naming a database, e.g. postgres://postgres@127.0.0.1:5432/cohost',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cohost';

  @Transform(toInt)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be between 1 and 200' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Matches(/^(.+ <)?[^\s<>"@]+@[^\s<>"@]+>?$/, {
    message: 'MAIL_FROM must be an address, optionally with a name: "cohost <no-reply@example.org>"',
  })
  MAIL_FROM = 'cohost <no-reply@cohost.localhost>';

  @IsString()
  MAIL_DIR = 'var/mail';

  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(toInt)
  @IsInt({ message: 'API_PROCESSES must be an integer' })
  @Min(1, { message: 'API_PROCESSES must be between 1 and 64' })
  @Max(64, { message: 'API_PROCESSES must be between 1 and 64' })
  API_PROCESSES = 1;

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'ADMIN_TOKEN must be at least 24 characters long' })
  ADMIN_TOKEN?: string;

  /** DKIM signing: all of domain, selector and a key (inline PEM, `\n` escapes allowed, or a file), or none. */
  @IsOptional()
  @Matches(/^(?=.{1,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, { message: 'DKIM_DOMAIN must be a domain name' })
  DKIM_DOMAIN?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, { message: 'DKIM_SELECTOR must be a DNS label such as cohost2026' })
  DKIM_SELECTOR?: string;

  @IsOptional()
  @Matches(/-----BEGIN (RSA )?PRIVATE KEY-----/, { message: 'DKIM_PRIVATE_KEY must be a PEM private key' })
  DKIM_PRIVATE_KEY?: string;

  @IsOptional()
  @IsString()
  DKIM_PRIVATE_KEY_FILE?: string;

  /** Days after an event ended when its registrants' personal data is anonymized. */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_DAYS must be an integer' })
  @Min(1, { message: 'RETENTION_DAYS must be between 1 and 36500' })
  @Max(36500, { message: 'RETENTION_DAYS must be between 1 and 36500' })
  RETENTION_DAYS = 365;

  /** Days an audit log entry is kept. */
  @Transform(toInt)
  @IsInt({ message: 'AUDIT_RETENTION_DAYS must be an integer' })
  @Min(1, { message: 'AUDIT_RETENTION_DAYS must be between 1 and 36500' })
  @Max(36500, { message: 'AUDIT_RETENTION_DAYS must be between 1 and 36500' })
  AUDIT_RETENTION_DAYS = 730;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Unset: `pretty` when stdout is a terminal, `json` otherwise. */
  @IsOptional()
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT?: LogFormat;

  /** Parsed by `parseTrustProxy` (a hop count or proxy ranges); see there why `true` is one hop. */
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !isParseError(parseTrustProxy(value)),
      defaultMessage: (args) => {
        const parsed = typeof args?.value === 'string' ? parseTrustProxy(args.value) : undefined;
        return parsed && isParseError(parsed) ? parsed.error : 'TRUST_PROXY must be a string';
      },
    },
  })
  TRUST_PROXY = 'false';

  // Node's HTTP server: a request (headers and body) not received in full by
  // then is answered 408 and its connection closed; idle keep-alive
  // connections close after the keep-alive timeout (keep it above a load
  // balancer's idle timeout, or it may reuse a connection being closed).
  @Transform(toInt)
  @IsInt({ message: 'HTTP_REQUEST_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'HTTP_REQUEST_TIMEOUT_MS must be between 100 and 3600000' })
  @Max(3_600_000, { message: 'HTTP_REQUEST_TIMEOUT_MS must be between 100 and 3600000' })
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @Transform(toInt)
  @IsInt({ message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be between 100 and 3600000' })
  @Max(3_600_000, { message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be between 100 and 3600000' })
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  @Matches(/^[a-z0-9-]+$/, { message: 'QUEUE_PREFIX must be lowercase letters, digits and dashes' })
  QUEUE_PREFIX = 'cohost';

  @Transform(toInt)
  @IsInt({ message: 'WORKER_CONCURRENCY must be an integer' })
  @Min(1, { message: 'WORKER_CONCURRENCY must be between 1 and 200' })
  @Max(200, { message: 'WORKER_CONCURRENCY must be between 1 and 200' })
  WORKER_CONCURRENCY = 32;

  @Transform(toInt)
  @IsInt({ message: 'MAIL_RATE_PER_SECOND must be an integer' })
  @Min(0, { message: 'MAIL_RATE_PER_SECOND must be 0 (no limit) or a positive number of messages per second' })
  MAIL_RATE_PER_SECOND = 0;

  @Transform(toInt)
  @IsInt({ message: 'MAIL_BATCH_SIZE must be an integer' })
  @Min(1, { message: 'MAIL_BATCH_SIZE must be between 1 and 100' })
  @Max(100, { message: 'MAIL_BATCH_SIZE must be between 1 and 100' })
  MAIL_BATCH_SIZE = 32;

  @Transform(toInt)
  @IsInt({ message: 'MAIL_ATTEMPTS must be an integer' })
  @Min(1, { message: 'MAIL_ATTEMPTS must be between 1 and 50' })
  @Max(50, { message: 'MAIL_ATTEMPTS must be between 1 and 50' })
  MAIL_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt({ message: 'MAIL_RETRY_DELAY_MS must be an integer' })
  @Min(10, { message: 'MAIL_RETRY_DELAY_MS must be at least 10' })
  MAIL_RETRY_DELAY_MS = 30_000;

  @Transform(toInt)
  @IsInt({ message: 'MAIL_OUTAGE_MAX_DELAY_MS must be an integer' })
  @Min(10, { message: 'MAIL_OUTAGE_MAX_DELAY_MS must be at least 10' })
  MAIL_OUTAGE_MAX_DELAY_MS = 300_000;

  @Transform(toInt)
  @IsInt({ message: 'OUTBOX_POLL_MS must be an integer' })
  @Min(100, { message: 'OUTBOX_POLL_MS must be between 100 and 600000' })
  @Max(600_000, { message: 'OUTBOX_POLL_MS must be between 100 and 600000' })
  OUTBOX_POLL_MS = 5000;

  // Pending rows relayed longer ago than this are enqueued again (a Redis that lost its jobs).
  @Transform(toInt)
  @IsInt({ message: 'OUTBOX_REQUEUE_AFTER_MS must be an integer' })
  @Min(1000, { message: 'OUTBOX_REQUEUE_AFTER_MS must be between 1000 and 86400000' })
  @Max(86_400_000, { message: 'OUTBOX_REQUEUE_AFTER_MS must be between 1000 and 86400000' })
  OUTBOX_REQUEUE_AFTER_MS = 300_000;

  @Transform(toInt)
  @IsInt({ message: 'WORKER_LOCK_MS must be an integer' })
  @Min(1000, { message: 'WORKER_LOCK_MS must be between 1000 and 600000' })
  @Max(600_000, { message: 'WORKER_LOCK_MS must be between 1000 and 600000' })
  WORKER_LOCK_MS = 30_000;
  // Webhooks. The key that encrypts endpoint secrets at rest: base64 of 32 bytes (AES-256-GCM).
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'WEBHOOK_SECRET_KEY must be the base64 of 32 bytes' })
  WEBHOOK_SECRET_KEY?: string;

  // Hosts, IP addresses or CIDRs webhooks may reach although private or loopback (and over plain http).
  @IsOptional()
  @ValidateBy({
    name: 'webhookAllowHosts',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.split(',').every(isAllowHostEntry),
      defaultMessage: () =>
        'WEBHOOK_ALLOW_HOSTS must be a comma-separated list of host names, IP addresses or CIDRs (10.0.0.0/8)',
    },
  })
  WEBHOOK_ALLOW_HOSTS?: string;

  // Delays before each retry of a failed delivery, in ms (Standard Webhooks' schedule by default).
  @Matches(/^\d{1,10}(,\d{1,10}){0,19}$/, {
    message: 'WEBHOOK_RETRY_SCHEDULE_MS must be a comma-separated list of at most 20 delays in ms',
  })
  WEBHOOK_RETRY_SCHEDULE_MS = '5000,300000,1800000,7200000,18000000,36000000,50400000,72000000,86400000';

  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'WEBHOOK_TIMEOUT_MS must be between 100 and 60000' })
  @Max(60_000, { message: 'WEBHOOK_TIMEOUT_MS must be between 100 and 60000' })
  WEBHOOK_TIMEOUT_MS = 15_000;

  // An endpoint whose deliveries have failed this long without a success is disabled (3 days).
  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_DISABLE_AFTER_MS must be an integer' })
  @Min(0, { message: 'WEBHOOK_DISABLE_AFTER_MS must be at least 0' })
  WEBHOOK_DISABLE_AFTER_MS = 3 * 24 * 3600 * 1000;

  // Rate limits of the public registration routes, per minute (fixed windows counted in Redis).
  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_REGISTER_PER_MIN must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_REGISTER_PER_MIN must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_REGISTER_PER_MIN must be between 1 and 10000000' })
  RATE_LIMIT_REGISTER_PER_MIN = 10;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_REGISTER_EMAIL_PER_MIN must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_REGISTER_EMAIL_PER_MIN must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_REGISTER_EMAIL_PER_MIN must be between 1 and 10000000' })
  RATE_LIMIT_REGISTER_EMAIL_PER_MIN = 3;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_CANCEL_PER_MIN must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_CANCEL_PER_MIN must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_CANCEL_PER_MIN must be between 1 and 10000000' })
  RATE_LIMIT_CANCEL_PER_MIN = 10;

  // Opening the cancel page (`GET /cancel?token=`): higher than the posts, as mail scanners open links too.
  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_CANCEL_PAGE_PER_MIN must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_CANCEL_PAGE_PER_MIN must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_CANCEL_PAGE_PER_MIN must be between 1 and 10000000' })
  RATE_LIMIT_CANCEL_PAGE_PER_MIN = 30;

  // Opening a personal join link (`GET /j/<token>`): a whole office behind one IP may join at once.
  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_JOIN_PAGE_PER_MIN must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_JOIN_PAGE_PER_MIN must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_JOIN_PAGE_PER_MIN must be between 1 and 10000000' })
  RATE_LIMIT_JOIN_PAGE_PER_MIN = 120;
  // Operations: Prometheus metrics and the queue dashboard (docs/operations.md).
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters long' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN must be printable ASCII without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_METRICS_PORT must be an integer' })
  @Min(1, { message: 'WORKER_METRICS_PORT must be between 1 and 65535' })
  @Max(65535, { message: 'WORKER_METRICS_PORT must be between 1 and 65535' })
  WORKER_METRICS_PORT?: number;

  @Transform(toBool)
  @IsBoolean({ message: 'QUEUE_DASHBOARD_WRITE must be true or false' })
  QUEUE_DASHBOARD_WRITE = false;

  // The console: session lifetimes and sign-in request limits.
  @Transform(toInt)
  @IsInt({ message: 'CONSOLE_SESSION_IDLE_MINUTES must be an integer' })
  @Min(1, { message: 'CONSOLE_SESSION_IDLE_MINUTES must be between 1 and 43200' })
  @Max(43_200, { message: 'CONSOLE_SESSION_IDLE_MINUTES must be between 1 and 43200' })
  CONSOLE_SESSION_IDLE_MINUTES = 720;

  @Transform(toInt)
  @IsInt({ message: 'CONSOLE_SESSION_ABSOLUTE_HOURS must be an integer' })
  @Min(1, { message: 'CONSOLE_SESSION_ABSOLUTE_HOURS must be between 1 and 8760' })
  @Max(8760, { message: 'CONSOLE_SESSION_ABSOLUTE_HOURS must be between 1 and 8760' })
  CONSOLE_SESSION_ABSOLUTE_HOURS = 168;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_SIGN_IN_PER_MIN must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_SIGN_IN_PER_MIN must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_SIGN_IN_PER_MIN must be between 1 and 10000000' })
  RATE_LIMIT_SIGN_IN_PER_MIN = 10;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR must be between 1 and 10000000' })
  RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR = 5;
}

/** A host name, an IP address, or an IP with a prefix length its family allows. */
function isAllowHostEntry(entry: string): boolean {
  const [net, prefix, extra] = entry.split('/');
  const family = isIP(net);
  if (extra !== undefined) return false;
  if (prefix === undefined)
    return family !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(net);
  return family !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function isParseError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Validates raw variables; throws one error that names every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): Environment {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` })),
    );
  }
  return env;
}
