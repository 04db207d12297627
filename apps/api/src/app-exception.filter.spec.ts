import { surfaceOf } from './app-exception.filter';

describe('surfaceOf', () => {
  it.each([
    ['/api/v1/events', 'api'],
    ['/api', 'api'],
    ['/docs', 'api'],
    ['/docs-json', 'api'],
    ['/metrics?x=1', 'api'],
    ['/console', 'console'],
    ['/console?lang=ja', 'console'],
    ['/console/no-such-page', 'console'],
    ['/', 'pages'],
    ['/events/x/register', 'pages'],
    ['/apiary', 'pages'],
    ['/consoles', 'pages'],
    ['/documents', 'pages'],
  ])('%s is read by %s', (url, surface) => {
    expect(surfaceOf(url)).toBe(surface);
  });
});
