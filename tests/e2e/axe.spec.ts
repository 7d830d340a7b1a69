// @axe-core/playwright on every page, at a phone's width (390 px) and a desktop's (1280 px), light
// and dark: no serious or critical violation. At each width every rule runs in the light theme; the
// dark theme re-runs the rules that depend on colour (the others see the same DOM). One test a
// page and width, so both workers share the work.
import { expect, test } from '@playwright/test';
import { WIDTHS, colourRules, seriousViolations } from './axe.ts';
import { pagePaths, sites } from './sites.ts';

for (const name of ['fixture', 'story'] as const) {
  for (const pagePath of pagePaths(name)) {
    for (const width of WIDTHS) {
      test(`${name} ${pagePath} at ${width} px: no serious or critical accessibility violation, light or dark`, async ({
        browser,
      }) => {
        test.setTimeout(120_000); // axe takes seconds a page, more on a loaded machine
        const context = await browser.newContext({ colorScheme: 'light', viewport: { width, height: 900 } });
        const page = await context.newPage();
        await page.goto(new URL(pagePath, sites()[name].url).href);
        await page.evaluate(() => document.fonts.ready);
        const light = await seriousViolations(page);
        await page.emulateMedia({ colorScheme: 'dark' });
        const dark = await seriousViolations(page, colourRules);
        expect({ light, dark }).toEqual({ light: [], dark: [] });
        await context.close();
      });
    }
  }
}
