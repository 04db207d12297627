import { loadConfig } from '@cohost/config';
import { apiStartLine, localUrl } from './start-line';

describe('apiStartLine', () => {
  const config = (env: Record<string, string> = {}) =>
    loadConfig({ DATABASE_URL: 'postgres://postgres@db.internal:5432/cohost', PUBLIC_BASE_URL: undefined, ...env });

  it.each([
    [{ address: '0.0.0.0', port: 4100 }, 'http://localhost:4100'],
    [{ address: '::', port: 4100 }, 'http://localhost:4100'],
    [{ address: '127.0.0.1', port: 4101 }, 'http://127.0.0.1:4101'],
    [{ address: '::1', port: 4102 }, 'http://[::1]:4102'],
  ])('opens %o at %s', (address, url) => {
    expect(localUrl(address)).toBe(url);
  });

  it('names the port actually listened on, not the configured one', () => {
    const line = apiStartLine(config({ PORT: '0' }), { address: '0.0.0.0', port: 41234 });
    expect(line).toContain('listening on 0.0.0.0:41234: http://localhost:41234/');
    expect(line).toContain('API docs at http://localhost:41234/docs');
    expect(line).toContain('database db.internal:5432/cohost');
    expect(line).toContain('(links point to http://localhost:3000/)');
  });

  it('adds the public URL only when links point elsewhere', () => {
    const same = apiStartLine(config({ PUBLIC_BASE_URL: 'http://localhost:4100' }), { address: '0.0.0.0', port: 4100 });
    expect(same).not.toContain('links point to');
    const proxied = apiStartLine(config({ PUBLIC_BASE_URL: 'https://cohost.example.org' }), {
      address: '0.0.0.0',
      port: 3000,
    });
    expect(proxied).toContain(': http://localhost:3000/ (links point to https://cohost.example.org/)');
  });

  it('says how many processes share the port', () => {
    expect(apiStartLine(config(), { address: '127.0.0.1', port: 4100 }, 2)).toMatch(
      /^cohost api listening on 127\.0\.0\.1:4100 with 2 processes: /,
    );
  });
});
