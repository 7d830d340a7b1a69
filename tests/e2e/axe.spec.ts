// @axe-core/playwright on every page, light and dark: no serious or critical violation.
// Every rule runs in the light theme; the dark theme re-runs the rules that depend on
// colour (the others see the same DOM). One test a page, so both workers share the work.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { pagePaths, sites } from './sites.ts';

const colourRules = ['color-contrast', 'link-in-text-block'];

async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  if (rules) builder = builder.withRules(rules);
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

for (const name of ['fixture', 'story'] as const) {
  for (const pagePath of pagePaths(name)) {
    test(`${name} ${pagePath}: no serious or critical accessibility violation, light or dark`, async ({ browser }) => {
      test.setTimeout(120_000); // axe takes seconds a page, more on a loaded machine
      const context = await browser.newContext({ colorScheme: 'light' });
      const page = await context.newPage();
      await page.goto(new URL(pagePath, sites()[name].url).href);
      const light = await seriousViolations(page);
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await seriousViolations(page, colourRules);
      expect({ light, dark }).toEqual({ light: [], dark: [] });
      await context.close();
    });
  }
}
