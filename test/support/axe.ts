import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's browser build, injected into pages under test (no network). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules plus best practices) on the page as
 * it is and returns the serious and critical violations, each with the
 * selectors of the elements at fault, so a failing test says where. Shared
 * by the browser tests of the public pages and of the console.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the driver (not an inline <script>, which the pages' CSP refuses).
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  })`)) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.flatMap((n) => n.target) }));
}

/**
 * The levels of the page's headings in document order, and the places where
 * the outline skips a level going down (`h1` then `h3`), which axe reports
 * only as a moderate `heading-order` and the Nu checker as an error.
 */
export async function headingSkips(page: Page): Promise<string[]> {
  const levels = (await page.evaluate(
    `[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName.slice(1)))`,
  )) as number[];
  const skips: string[] = [];
  levels.reduce((previous, level) => {
    if (level > previous + 1) skips.push(`h${previous} -> h${level}`);
    return level;
  }, 0);
  return skips;
}
