/**
 * axe-core in the page: injects axe's own source (no network) and runs every rule on the document as
 * it is now, at the phone viewport the app is designed for.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { PHONE_VIEWPORT as PHONE } from './localCloud';

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** One CSS path per offending node, with the failure summary. */
  nodes: { target: string; summary: string }[];
}

/** axe's violations on the page as shown; leaves the viewport at 390×844. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const size = page.viewportSize();
  if (!size || size.width !== PHONE.width || size.height !== PHONE.height) await page.setViewportSize(PHONE);
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // addScriptTag with content: axe's source is inlined, the page's CSP-free local server serves nothing.
  if (!loaded) await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: (v.impact ?? null) as AxeViolation['impact'],
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  });
}

export const isBlocking = (v: AxeViolation): boolean => v.impact === 'serious' || v.impact === 'critical';

/** One readable block per violation, for the test output and failure messages. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${where}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
}
