// The timeline tied to the transcript: stepped by keyboard, each moment lights the output line
// just printed and says each thread's state then; without JavaScript the whole run shows at once;
// the lanes name every process with the ids the autopsy under the same run uses.
import { expect, test, type Locator } from '@playwright/test';
import { colourRules, seriousViolations } from './axe.ts';
import { pagePaths, sites } from './sites.ts';

const EPS = 0.05;

/** The output lines that should be lit at moment t: the latest printed by then. */
async function expectedLit(figure: Locator, t: number): Promise<string[]> {
  const lines = await figure
    .locator('.tl-output li')
    .evaluateAll((els) => els.map((el) => ({ t: Number((el as HTMLElement).dataset.t), text: el.textContent! })));
  const printed = lines.filter((l) => l.t <= t + EPS);
  if (!printed.length) return [];
  const latest = Math.max(...printed.map((l) => l.t));
  return printed.filter((l) => Math.abs(l.t - latest) < EPS).map((l) => l.text);
}

test('stepping the timeline by keyboard lights the line just printed and each thread’s state', async ({ page }) => {
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const figure = page.locator('figure[data-timeline="pipe-hang"]');
  const range = figure.locator('input.tl-range');
  await expect(figure.locator('.tl-controls')).toBeVisible();
  const moments = JSON.parse((await figure.getAttribute('data-moments'))!) as number[];
  await range.focus();
  await page.keyboard.press('Home');
  await expect(range).toHaveValue('0');
  // At the start nothing is printed yet, and no thread has been seen.
  await expect(figure.locator('.tl-output li.lit')).toHaveCount(0);
  await expect(figure.locator('.tl-state').first()).toHaveText('not seen yet');
  const everLit = new Set<string>();
  for (let i = 0; i < moments.length - 1; i++) {
    const want = await expectedLit(figure, moments[i]!);
    await expect(figure.locator('.tl-output li.lit'), `moment ${moments[i]} ms`).toHaveText(want);
    want.forEach((w) => everLit.add(w));
    await page.keyboard.press('ArrowRight');
  }
  // Every line of output is lit at the moment it was printed.
  expect([...everLit]).toEqual(await figure.locator('.tl-output li').allTextContents());
  // The end: the whole run, as without JavaScript; the buttons step back.
  await expect(range).toHaveValue(String(moments.length - 1));
  await expect(figure.locator('.tl-output li.lit')).toHaveCount(0);
  await figure.getByRole('button', { name: /Earlier/ }).click();
  await expect(range).toHaveValue(String(moments.length - 2));
  await expect(range).toHaveAttribute('aria-valuetext', /ms of/);
});

test('a lane lights when its thread changes state, and says the state it changed to', async ({ page }) => {
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const figure = page.locator('figure[data-timeline="pipe-hang"]');
  const moments = JSON.parse((await figure.getAttribute('data-moments'))!) as number[];
  const firstSeg = figure.locator('[data-lane]').first().locator('.tl-seg').first();
  const from = Number(await firstSeg.getAttribute('data-from'));
  const index = moments.findIndex((m) => Math.abs(m - from) < EPS);
  await figure.locator('input.tl-range').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
  const lane = figure.locator('[data-lane]').first();
  await expect(lane).toHaveClass(/changed/);
  await expect(lane.locator('.tl-state')).toHaveText((await firstSeg.getAttribute('data-words'))!);
  await expect(figure.locator('.tl-now')).toContainText((await lane.getAttribute('data-label'))!);
});

test('the timeline mid-run passes axe, light and dark', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const figure = page.locator('figure[data-timeline="pipe-hang"]');
  await figure.locator('input.tl-range').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const light = await seriousViolations(page, undefined, 'figure.timeline');
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await seriousViolations(page, colourRules, 'figure.timeline');
  expect({ light, dark }).toEqual({ light: [], dark: [] });
  await context.close();
});

test('without JavaScript the timeline is the whole run: every lane, every line, no controls', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const figure = page.locator('figure[data-timeline="pipe-hang"]');
  await expect(figure.locator('.tl-controls')).toBeHidden();
  await expect(figure.locator('.tl-output li').first()).toBeVisible();
  await expect(figure.locator('.tl-output li.future, .tl-seg.future')).toHaveCount(0);
  await context.close();
});

test('story: every timeline names its processes with the ids and roles of the autopsy under the same run', async ({
  page,
}) => {
  let checked = 0;
  for (const pagePath of pagePaths('story').filter((p) => /^\d\d-/.test(p))) {
    await page.goto(new URL(pagePath, sites().story.url).href);
    for (const figure of await page.locator('figure[data-timeline]').all()) {
      const id = (await figure.getAttribute('data-timeline'))!;
      const autopsy = page.locator(`#run-${id} details.autopsy`);
      if (!(await autopsy.count())) continue;
      // The text, whether shown or not: a run behind a prediction stays hidden until the reader guesses.
      const table = (await autopsy.locator('.autopsy-table').textContent()) ?? '';
      for (const label of await figure
        .locator('[data-lane]')
        .evaluateAll((ls) => ls.map((l) => (l as HTMLElement).dataset.label!))) {
        const m = /^(the \w+|child|process|orphan) ?\(?(\w+)\)? · (.+)$/.exec(label);
        if (!m) continue; // a process the autopsy never saw (gone before it), named by the watcher
        expect(table, `${pagePath} ${id}: lane "${label}"`).toContain(m[2]!);
        expect(table, `${pagePath} ${id}: lane "${label}"`).toContain(m[3] === 'main thread' ? 'MainThread' : m[3]!);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(0);
});
