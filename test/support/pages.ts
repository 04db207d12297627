import type { ApiHarness } from './api-harness';

export interface FormSession {
  cookie: string;
  csrf: string;
  html: string;
  status: number;
}

/** GETs a page as a browser would and keeps what its form needs: the cookies and the CSRF token. */
export async function openForm(
  api: ApiHarness,
  path: string,
  headers: Record<string, string> = {},
): Promise<FormSession> {
  const res = await api.http.get(path).set(headers);
  const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
  return { cookie, csrf, html: res.text, status: res.status };
}

/** Posts a form (`application/x-www-form-urlencoded`) with the session's cookies. */
export function postForm(
  api: ApiHarness,
  path: string,
  session: Pick<FormSession, 'cookie'>,
  fields: Record<string, string>,
) {
  return api.http.post(path).set('Cookie', session.cookie).type('form').send(fields);
}

export function registerFields(csrf: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    _csrf: csrf,
    name: 'Test Person',
    email: `p.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.org`,
    organization: 'Test Org',
    locale: 'en',
    timezone: 'Europe/Copenhagen',
    ...overrides,
  };
}
