// The autopsy's drawing as a reader sees it, on every chapter of both sites, every <details> opened:
// on a phone (390 px) the narrow layout, on a desktop (1280 px) the wide one, one shown at a time;
// every line of text drawn at 12 px or more, inside the drawing and inside its own box; the
// drawing named (role=img, its title) and its legend below it.
import { expect, test, type Page } from '@playwright/test';
import { pagePaths, sites } from './sites.ts';

const chapters = (name: 'fixture' | 'story') => pagePaths(name).filter((p) => /^\d\d-/.test(p));

/** Each autopsy figure: the layouts displayed, and each text of the displayed one, measured. */
const measure = (page: Page) =>
  page.locator('.autopsy-figure').evaluateAll((figures) =>
    figures.map((figure) => {
      const shown = [...figure.querySelectorAll('svg')].filter((s) => getComputedStyle(s).display !== 'none');
      const svg = shown[0]!;
      const frame = svg.getBoundingClientRect();
      const within = (r: DOMRect, b: DOMRect) =>
        r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5;
      return {
        layouts: shown.map((s) => s.dataset.layout),
        name: document.getElementById(svg.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '',
        role: svg.getAttribute('role'),
        legend: figure.querySelector('figcaption')?.textContent?.trim() ?? '',
        right: frame.right,
        texts: [...svg.querySelectorAll('text')].map((t) => {
          const r = t.getBoundingClientRect();
          const box = t.closest('g')!.querySelector('rect')!.getBoundingClientRect();
          return {
            text: t.textContent!.trim(),
            px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a,
            inSvg: within(r, frame),
            inBox: within(r, box),
          };
        }),
      };
    }),
  );

for (const name of ['fixture', 'story'] as const) {
  for (const [width, layout] of [
    [390, 'narrow'],
    [1280, 'wide'],
  ] as const) {
    const title = `${name}, ${width} px: each autopsy drawing (${layout}) has text of 12 px or more, in its box`;
    test(title, async ({ browser }) => {
      test.setTimeout(60_000);
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      let drawn = 0;
      for (const pagePath of chapters(name)) {
        await page.goto(new URL(pagePath, sites()[name].url).href);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        await page.evaluate(() => document.fonts.ready);
        for (const [i, f] of (await measure(page)).entries()) {
          const at = `${pagePath} drawing ${i + 1}`;
          drawn++;
          expect(f.layouts, `${at}: one layout shown`).toEqual([layout]);
          expect(f.role, at).toBe('img');
          expect(f.name, `${at}: named`).not.toBe('');
          expect(f.legend, `${at}: legend`).toContain('Solid arrows');
          expect(f.right, `${at}: inside the page`).toBeLessThanOrEqual(width);
          expect(f.texts.length, `${at}: words drawn`).toBeGreaterThan(0);
          for (const t of f.texts) {
            expect.soft(t.px, `${at}: "${t.text}" drawn at ${t.px.toFixed(1)} px`).toBeGreaterThanOrEqual(12);
            expect.soft(t.inSvg, `${at}: "${t.text}" outside the drawing`).toBe(true);
            expect.soft(t.inBox, `${at}: "${t.text}" outside its box`).toBe(true);
          }
        }
      }
      expect(drawn, 'autopsy drawings seen').toBeGreaterThan(0);
      await context.close();
    });
  }
}
