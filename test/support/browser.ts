import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { ApiHarness } from './api-harness';
import { headingSkips, seriousViolations } from './axe';

/** Debian's Chromium (installed by `.ci/install-system-deps`); playwright never downloads one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'artifacts', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Listens on a free 127.0.0.1 port; returns the base URL. */
export async function listen(api: ApiHarness): Promise<string> {
  await api.app.listen(0, '127.0.0.1');
  const address = api.app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export interface ContextOptions {
  locale?: string;
  timezoneId?: string;
  width?: number;
}

export function newContext(browser: Browser, base: string, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: base,
    locale: options.locale ?? 'ja-JP',
    timezoneId: options.timezoneId ?? 'Asia/Tokyo',
    viewport: { width: options.width ?? 1280, height: 900 },
  });
}

/**
 * Saves the page at 360 px and 1280 px under artifacts/screenshots and
 * returns the document width at 360 px (a horizontal scroll makes it wider).
 */
export async function screenshots(page: Page, name: string): Promise<{ scrollWidth360: number }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 360, height: 740 });
  const scrollWidth360 = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(original);
  return { scrollWidth360 };
}

/**
 * The checks of every console page state: screenshots at 360 and 1280 px
 * (`<name>-360.png`...), no horizontal scroll at 360 px, no serious or
 * critical axe-core violation, no skipped heading level. Each failure names
 * the state.
 */
export async function expectUsablePage(page: Page, name: string): Promise<void> {
  const { scrollWidth360 } = await screenshots(page, name);
  expect([name, scrollWidth360 <= 360]).toEqual([name, true]);
  expect([name, await seriousViolations(page)]).toEqual([name, []]);
  expect([name, await headingSkips(page)]).toEqual([name, []]);
}

/** Clicks what submits a form or follows a link, and answers the navigation's response. */
export async function click(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response!;
}
