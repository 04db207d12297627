/** Where the console lives, and each role's first page. */
export const CONSOLE_PREFIX = '/console';

export const CONSOLE_PATHS = {
  home: '/console',
  signIn: '/console/sign-in',
  confirm: '/console/sign-in/confirm',
  signOut: '/console/sign-out',
  role: '/console/role',
  admin: {
    partners: '/console/admin/partners',
    agreements: '/console/admin/agreements',
    members: '/console/admin/members',
    erasure: '/console/admin/erasure',
    audit: '/console/admin/audit',
    suppressions: '/console/admin/suppressions',
  },
  /** The organizer pages (console-org): the dashboard of the organizer's partner. */
  organizer: {
    events: '/console/events',
    webhooks: '/console/webhooks',
  },
} as const;

/** The session cookie: a random id only; the session itself is in PostgreSQL. */
export const SESSION_COOKIE = 'cohost_console';

/**
 * Excluded from the `/api/v1` prefix: every route declared under `console`
 * (matched against the controllers' declared paths, see pages.setup.ts).
 */
export const CONSOLE_ROUTES = ['console', 'console/{*rest}'];
