import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) in the page and
 * returns the serious and critical violations, each with the selectors of
 * its nodes. The script is injected through the DevTools protocol
 * (`addScriptTag` with content), which the pages' CSP does not block.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = (await page.evaluate('typeof window.axe')) as string;
  if (loaded === 'undefined') await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`
    window.axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
      return r.violations.map(function (v) {
        return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(' '); }) };
      });
    })`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
