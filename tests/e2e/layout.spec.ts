// The reader's layout, on every page at a phone's width and a desktop's, light and dark: nothing
// scrolls the page sideways; every box that scrolls sideways itself is reachable by keyboard and
// named; on a desktop the table of contents stays in view; a run reads as a terminal ($ command
// above its output) without the build's machinery words; the article's mark is never copied.
import { expect, test, type Page } from '@playwright/test';
import { WIDTHS } from './axe.ts';
import { pagePaths, sites } from './sites.ts';

const chapters = (name: 'fixture' | 'story') => pagePaths(name).filter((p) => /^\d\d-/.test(p));

/** Boxes whose content is wider than they are, with what a keyboard and a screen reader get. */
const scrollers = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => {
        const style = getComputedStyle(el);
        return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.offsetParent;
      })
      .map((el) => ({
        what: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`,
        focusable: el.tabIndex >= 0,
        named: !!(el.getAttribute('aria-label') || el.closest('[aria-label]')),
      })),
  );

for (const name of ['fixture', 'story'] as const) {
  for (const width of WIDTHS) {
    test(`${name} at ${width} px: no page scrolls sideways; every box that scrolls is focusable and named`, async ({
      browser,
    }) => {
      test.setTimeout(60_000);
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        for (const pagePath of pagePaths(name)) {
          await page.goto(new URL(pagePath, sites()[name].url).href);
          await page.evaluate(() => document.fonts.ready);
          const [scrollWidth, innerWidth] = await page.evaluate(() => [
            document.documentElement.scrollWidth,
            window.innerWidth,
          ]);
          expect.soft(scrollWidth, `${pagePath} (${colorScheme}) scrolls sideways`).toBeLessThanOrEqual(innerWidth);
          const bad = (await scrollers(page)).filter((s) => !s.focusable || !s.named);
          expect.soft(bad, `${pagePath}: boxes that scroll but no keyboard reaches or no name`).toEqual([]);
        }
        await context.close();
      }
    });
  }
}

const TOC_TEST =
  'story, desktop: the table of contents stays in view as the chapter scrolls; on a phone it sits under the title';
test(TOC_TEST, async ({ browser }) => {
  const url = new URL(chapters('story')[0]!, sites().story.url).href;
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await desktop.newPage();
  await page.goto(url);
  const toc = page.locator('nav.toc');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  const box = (await toc.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(-1);
  expect(box.y).toBeLessThan(100);
  expect(box.x + box.width).toBeLessThan((await page.locator('.chapter-main').boundingBox())!.x);
  await desktop.close();
  const phone = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const small = await phone.newPage();
  await small.goto(url);
  await small.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  expect((await small.locator('nav.toc').boundingBox())!.y).toBeLessThan(0); // scrolled away with the text
  const [h1, tocY] = [await small.locator('h1').boundingBox(), await small.locator('nav.toc').boundingBox()];
  expect(tocY!.y).toBeGreaterThan(h1!.y);
  await phone.close();
});

for (const name of ['fixture', 'story'] as const) {
  test(`${name}: a run reads as a terminal, where and when it ran is said once a page, no machinery words`, async ({
    page,
  }) => {
    for (const pagePath of chapters(name)) {
      await page.goto(new URL(pagePath, sites()[name].url).href);
      const runs = await page.locator('[data-run]').all();
      for (const run of runs) {
        const command = (await run.locator('.command').boundingBox())!;
        const output = (await run.locator('pre.terminal').first().boundingBox())!;
        expect(command.y, `${pagePath}: $ command above its output`).toBeLessThan(output.y);
        await expect(run.locator('.provenance')).toBeHidden(); // behind "When and where it ran"
      }
      if (runs.length) await expect(page.locator('[data-page-note]')).toHaveCount(1);
      const text = await page.locator('main').innerText();
      for (const words of ['lines of region', 'as expected ·', 'HANGTIME_RUNS', 'frozen result'])
        expect(text, `${pagePath}: "${words}" reaches the reader`).not.toContain(words);
      // Every chapter leads back to the contents.
      await expect(page.locator('.chapter-nav a.contents')).toHaveAttribute(
        'href',
        new URL(sites()[name].url).pathname,
      );
    }
    // The last chapter leads back to the first.
    const last = chapters(name).at(-1)!;
    await page.goto(new URL(last, sites()[name].url).href);
    await expect(page.locator('.chapter-nav a.next')).toHaveAttribute(
      'href',
      new URL(chapters(name)[0]!, sites()[name].url).pathname,
    );
  });
}

test('a number quoted from the article: its mark is explained once, and never copied with the number', async ({
  page,
}) => {
  await page.goto(`${sites().fixture.url}02-figures/`);
  await expect(page.locator('[data-page-note]')).toContainText('quoted from the article');
  const number = page.locator('.article-number').first();
  const copied = await number.evaluate((el) => {
    const range = document.createRange();
    range.setStartBefore(el);
    range.setEndAfter(el);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    return getSelection()!.toString();
  });
  expect(copied.trim()).toBe('65,536');
});

test('an autopsy the prose refers to starts open; the others start closed', async ({ page }) => {
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  await expect(page.locator('#run-pipe-hang details.autopsy')).toHaveAttribute('open', '');
  await expect(page.locator('#run-pipe-hang [data-diagnosis]')).toBeVisible();
  await page.goto(`${sites().fixture.url}03-teaching/`);
  await expect(page.locator('#run-queue-hang details.autopsy')).not.toHaveAttribute('open', '');
});
