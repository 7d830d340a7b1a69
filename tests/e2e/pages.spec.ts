// Every page of the fixture site and of the story: loads with no console error, asks
// nothing from outside the site (a route handler sees every request), and has no
// horizontal scroll at 360 px.
import { expect, test } from '@playwright/test';
import { crawl } from './crawl.ts';
import { sites } from './sites.ts';

for (const name of ['fixture', 'story'] as const) {
  test(`${name}: every page loads cleanly, stays on the site, fits 360 px`, async ({ browser }) => {
    const site = sites()[name];
    const { pages, broken } = await crawl(site);
    // Every snippet has a page of its own too: give each page its share of time.
    test.setTimeout(30_000 + pages.length * 2_000);
    expect(broken).toEqual([]);
    expect(pages.length).toBeGreaterThanOrEqual(2); // home and 404 at least
    const origin = new URL(site.url).origin;
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const offsite: string[] = [];
    const onsite: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin !== origin) {
        offsite.push(url);
        return route.abort();
      }
      onsite.push(url);
      return route.continue();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(`${page.url()}: ${message.text()}`));
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    for (const url of [...pages, new URL('404.html', site.url).href]) {
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.status(), url).toBe(200);
      await page.evaluate(() => document.fonts.ready);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect.soft(overflow, `${url} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
      const deadFragments = await page.evaluate(() =>
        [...document.querySelectorAll('a[href^="#"]')]
          .map((a) => a.getAttribute('href')!)
          .filter((h) => !document.getElementById(decodeURIComponent(h.slice(1)))),
      );
      expect.soft(deadFragments, `${url}: in-page links without a target`).toEqual([]);
    }
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    // The handler really saw the page's own assets (so an empty offsite list means something).
    expect(onsite.some((url) => url.endsWith('.woff2'))).toBe(true);
    await context.close();
  });
}

test('fixture under a sub-path: every internal link resolves under the base, none escapes it', async () => {
  const site = sites().fixture;
  expect(new URL(site.url).pathname).toBe('/hangtime/sub/');
  const result = await crawl(site);
  expect(result.pages.length).toBeGreaterThanOrEqual(3);
  expect(result.broken).toEqual([]);
  expect(result.outsideBase).toEqual([]);
  expect(result.fetched).toBeGreaterThan(result.pages.length); // stylesheets and fonts were followed too
});
