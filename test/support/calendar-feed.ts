import type { ApiHarness } from './api-harness';

/** GETs a calendar file with its body as text (supertest buffers only JSON and text/plain by itself). */
export function getCalendar(api: ApiHarness, path: string, headers: Record<string, string> = {}) {
  return api.http
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
}
