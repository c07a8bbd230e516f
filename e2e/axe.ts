/**
 * axe-core in e2e specs: the page's WCAG 2.2 A/AA violations, as `rule: targets` lines (an empty
 * list passes), and with `extraRules` those best-practice rules too (`region`,
 * `page-has-heading-one`: axe tags them with no WCAG level, so the tag run leaves them out).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The best-practice rules a page is held to beside WCAG: every part in a landmark, one h1. */
export const LANDMARK_RULES = ['region', 'page-has-heading-one'];

export async function axeViolations(page: Page, extraRules: string[] = []): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(AXE_PATH, 'utf8') });
  return page.evaluate(async (extra) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    const more = extra.length
      ? (await axe.run(document, { runOnly: { type: 'rule', values: extra } })).violations
      : [];
    return [...result.violations, ...more].map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }, extraRules);
}
