// axe for the browser tests: the serious and critical violations of a page (or of a part of it).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The rules whose result depends on the colour scheme. */
export const colourRules = ['color-contrast', 'link-in-text-block'];
/** A phone's width and a desktop's. */
export const WIDTHS = [390, 1280] as const;

export async function seriousViolations(page: Page, rules?: string[], include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  if (rules) builder = builder.withRules(rules);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}) ${v.help}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}
