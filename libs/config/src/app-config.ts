import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigValidationError, Environment, LogFormat, LogLevel, validateEnvironment } from './environment';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

export interface MailAddress {
  name: string;
  address: string;
}

/**
 * Typed, nested configuration, built once from the validated environment.
 * Used as an injection token too: `constructor(private readonly config: AppConfig)`.
 */
export abstract class AppConfig {
  abstract readonly http: {
    port: number;
    host: string;
    /** Proxies believed about the client address: none, a hop count, or address ranges. */
    trustProxy: TrustProxy;
    /** Longest time to receive a whole request (headers and body) before 408 and close. */
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    publicBaseUrl: string;
    /** api processes sharing the port (node:cluster); 1 = no cluster. */
    processes: number;
  };
  abstract readonly database: { url: string; poolSize: number };
  abstract readonly redis: { url: string; queuePrefix: string };
  abstract readonly mail: {
    smtpUrl?: string;
    from: MailAddress;
    dir: string;
    /** DKIM signing of every message, when configured (nodemailer's option names). */
    dkim?: { domainName: string; keySelector: string; privateKey: string };
  };
  abstract readonly privacy: {
    /** Days after an event's end when its registrants are anonymized (`RETENTION_DAYS`). */
    retentionDays: number;
    /** Days audit entries are kept (`AUDIT_RETENTION_DAYS`). */
    auditRetentionDays: number;
  };
  abstract readonly auth: { adminToken?: string };
  abstract readonly log: {
    level: LogLevel;
    /** `pretty`: colored lines for a person at a terminal (pino-pretty); `json`: one JSON object a line. */
    format: LogFormat;
  };
  abstract readonly worker: {
    /** Jobs one worker process runs at once (also the SMTP pool size). */
    concurrency: number;
    /** Messages per second across every worker process (BullMQ limiter in Redis); 0 = no limit. */
    mailRatePerSecond: number;
    /**
     * Rows of a fan-out sent by one job (1 = one job per row, also whenever a
     * rate limit is set, since BullMQ's limiter counts jobs).
     */
    mailBatchSize: number;
    /** Send attempts per message before it is `failed`; retries back off exponentially. */
    mailAttempts: number;
    mailRetryDelayMs: number;
    /**
     * While the SMTP server cannot be reached, messages wait without using up
     * attempts, retried after a delay that doubles from `mailRetryDelayMs` up
     * to this.
     */
    mailOutageMaxDelayMs: number;
    /** Fallback poll of the outbox when no NOTIFY arrives. */
    outboxPollMs: number;
    /** Pending rows relayed longer ago than this are enqueued again by the relay's sweep (about once a minute). */
    outboxRequeueAfterMs: number;
    /** Job lock; a killed worker's jobs are taken up again after about this long (stalled check). */
    lockMs: number;
  };
  abstract readonly webhooks: {
    /** 32 bytes that encrypt endpoint secrets at rest; endpoints cannot be registered without it. */
    secretKey?: Buffer;
    /** Host names, IPs and CIDRs exempt from the private-address refusal (and allowed over http). */
    allowHosts: string[];
    /** Delay before each retry, in ms; attempts = retries + 1. */
    retryScheduleMs: number[];
    timeoutMs: number;
    /** Failing this long without a success disables an endpoint. */
    disableAfterMs: number;
  };
  /** Requests per minute on the public registration routes (per client IP; per email and event). */
  abstract readonly rateLimits: {
    registerPerIp: number;
    registerPerEmail: number;
    cancelPerIp: number;
    /** Openings of the cancel page (`GET /cancel?token=`) per client IP. */
    cancelPagePerIp: number;
    /** Openings of personal join links (`GET /j/<token>`) per client IP. */
    joinPagePerIp: number;
  };
  /** Prometheus metrics and the queue dashboard (docs/operations.md). */
  abstract readonly operations: {
    /** Bearer token of `/metrics` (api) and of the worker's listener; unset: the api serves no `/metrics`. */
    metricsToken?: string;
    /** The worker's metrics listener (on `HOST` with a token, else on 127.0.0.1); unset: none. */
    workerMetricsPort?: number;
    /** The queue dashboard may retry and clean jobs; read-only otherwise. */
    queueDashboardWrite: boolean;
  };
  /** The organizer and hub admin console (sign-in links, sessions). */
  abstract readonly console: {
    /** A session not used for this long ends. */
    sessionIdleMinutes: number;
    /** A session ends this long after sign-in, however much it is used. */
    sessionAbsoluteHours: number;
    /** Sign-in requests per client IP per minute. */
    signInPerIp: number;
    /** Sign-in requests per address per hour, from any IP. */
    signInPerEmail: number;
  };
}

export function parseMailbox(value: string): MailAddress {
  const match = /^(.*?)\s*<([^>]+)>$/.exec(value.trim());
  if (match) return { name: match[1].replace(/^"|"$/g, ''), address: match[2] };
  return { name: '', address: value.trim() };
}

function trustProxyOf(raw: string): TrustProxy {
  const parsed = parseTrustProxy(raw);
  // Validated already; kept total for callers of buildConfig with a hand-made Environment.
  if (typeof parsed === 'object' && !Array.isArray(parsed)) throw new ConfigValidationError([parsed.error]);
  return parsed;
}

/** `LOG_FORMAT` when set; otherwise pretty for a person at a terminal, JSON for anything reading a pipe or file. */
export function chooseLogFormat(setting: LogFormat | undefined, stdoutIsTerminal: boolean): LogFormat {
  return setting ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

/** `stdoutIsTerminal` decides the log format when `LOG_FORMAT` is unset. */
export function buildConfig(env: Environment, stdoutIsTerminal = process.stdout.isTTY === true): AppConfig {
  return {
    http: {
      port: env.PORT,
      host: env.HOST,
      trustProxy: trustProxyOf(env.TRUST_PROXY),
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      processes: env.API_PROCESSES,
    },
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    redis: { url: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: parseMailbox(env.MAIL_FROM),
      dir: env.MAIL_DIR,
      ...dkimConfig(env),
    },
    privacy: { retentionDays: env.RETENTION_DAYS, auditRetentionDays: env.AUDIT_RETENTION_DAYS },
    auth: { adminToken: env.ADMIN_TOKEN },
    log: { level: env.LOG_LEVEL, format: chooseLogFormat(env.LOG_FORMAT, stdoutIsTerminal) },
    worker: {
      concurrency: env.WORKER_CONCURRENCY,
      mailRatePerSecond: env.MAIL_RATE_PER_SECOND,
      mailBatchSize: env.MAIL_RATE_PER_SECOND > 0 ? 1 : env.MAIL_BATCH_SIZE,
      mailAttempts: env.MAIL_ATTEMPTS,
      mailRetryDelayMs: env.MAIL_RETRY_DELAY_MS,
      mailOutageMaxDelayMs: env.MAIL_OUTAGE_MAX_DELAY_MS,
      outboxPollMs: env.OUTBOX_POLL_MS,
      outboxRequeueAfterMs: env.OUTBOX_REQUEUE_AFTER_MS,
      lockMs: env.WORKER_LOCK_MS,
    },
    webhooks: {
      secretKey: env.WEBHOOK_SECRET_KEY ? Buffer.from(env.WEBHOOK_SECRET_KEY, 'base64') : undefined,
      allowHosts: (env.WEBHOOK_ALLOW_HOSTS ?? '').split(',').filter(Boolean),
      retryScheduleMs: env.WEBHOOK_RETRY_SCHEDULE_MS.split(',').map(Number),
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      disableAfterMs: env.WEBHOOK_DISABLE_AFTER_MS,
    },
    rateLimits: {
      registerPerIp: env.RATE_LIMIT_REGISTER_PER_MIN,
      registerPerEmail: env.RATE_LIMIT_REGISTER_EMAIL_PER_MIN,
      cancelPerIp: env.RATE_LIMIT_CANCEL_PER_MIN,
      cancelPagePerIp: env.RATE_LIMIT_CANCEL_PAGE_PER_MIN,
      joinPagePerIp: env.RATE_LIMIT_JOIN_PAGE_PER_MIN,
    },
    operations: {
      metricsToken: env.METRICS_TOKEN,
      workerMetricsPort: env.WORKER_METRICS_PORT,
      queueDashboardWrite: env.QUEUE_DASHBOARD_WRITE,
    },
    console: {
      sessionIdleMinutes: env.CONSOLE_SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: env.CONSOLE_SESSION_ABSOLUTE_HOURS,
      signInPerIp: env.RATE_LIMIT_SIGN_IN_PER_MIN,
      signInPerEmail: env.RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR,
    },
  };
}

/** All three DKIM settings or none; the key is read (from the file if named) and parsed here, so a bad one stops the start. */
function dkimConfig(env: Environment): Pick<AppConfig['mail'], 'dkim'> {
  const inline = env.DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n');
  const set = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, inline ?? env.DKIM_PRIVATE_KEY_FILE];
  if (set.every((v) => v === undefined)) return {};
  if (set.some((v) => v === undefined)) {
    throw new ConfigValidationError([
      'DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE) must be set together',
    ]);
  }
  let privateKey = inline;
  if (privateKey === undefined) {
    try {
      privateKey = readFileSync(env.DKIM_PRIVATE_KEY_FILE!, 'utf8');
    } catch (error) {
      throw new ConfigValidationError([`DKIM_PRIVATE_KEY_FILE cannot be read: ${(error as Error).message}`]);
    }
  }
  try {
    if (createPrivateKey(privateKey).asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  } catch (error) {
    throw new ConfigValidationError([`DKIM private key is not a usable RSA key: ${(error as Error).message}`]);
  }
  return { dkim: { domainName: env.DKIM_DOMAIN!, keySelector: env.DKIM_SELECTOR!, privateKey } };
}

/**
 * The one place that reads `process.env`. `overrides` lets tests and tools
 * change single variables without touching the process environment.
 */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return buildConfig(validateEnvironment({ ...process.env, ...overrides }));
}
