// Each <Run> on a page says what its RunResult says: the status text is readerStatus of the stored
// result (data-status keeps the engine's formatStatus), and the edge cases render as a reader must
// see them.
import { expect, test } from '@playwright/test';
import { formatStatus, readerStatus } from '../../src/explain/status.ts';
import { crawl } from './crawl.ts';
import { sites, storeOf } from './sites.ts';

for (const name of ['fixture', 'story'] as const) {
  test(`${name}: every Run's status line is readerStatus of its RunResult`, async ({ page }) => {
    const site = sites()[name];
    const store = storeOf(site);
    const { pages } = await crawl(site);
    let checked = 0;
    for (const url of pages) {
      const id = new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
      const chapter = store.chapters[id];
      if (!chapter) continue;
      await page.goto(url);
      const runs = page.locator('[data-run]');
      await expect(runs).toHaveCount(chapter.runs.length);
      for (const run of await runs.all()) {
        const line = Number(await run.getAttribute('data-line'));
        const stored = chapter.runs.find((r) => r.line === line);
        expect(stored, `${url}: a Run at line ${line}`).toBeTruthy();
        await expect(run.locator('[data-status-line]')).toHaveText(readerStatus(stored!.result));
        await expect(run).toHaveAttribute('data-status', formatStatus(stored!.result));
        await expect(run.locator('.command code')).toHaveText(stored!.result.command);
        checked++;
      }
    }
    const total = Object.values(store.chapters).reduce((n, c) => n + c.runs.length, 0);
    expect(checked).toBe(total);
  });
}

test('a snippet printing </pre><script> shows the text and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    return dialog.dismiss();
  });
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const terminal = page.locator('#run-script-tag .terminal-box');
  await expect(terminal).toContainText('</pre><script>alert(1)</script>');
  await expect(terminal).toContainText('<img src=x onerror=alert(2)> & &amp; done');
  await expect(terminal.locator('.line.stderr')).toHaveCount(1);
  expect(
    await page
      .locator('script')
      .evaluateAll((scripts) => scripts.filter((s) => s.textContent?.includes('alert(')).length),
  ).toBe(0);
  expect(await page.locator('img').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('a huge transcript folds its middle; colours and stderr are rendered', async ({ page }) => {
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const huge = page.locator('[data-src="edge/huge-output.py"]');
  await expect(huge.locator('pre.terminal.head')).toContainText('line     1 of 5000');
  await expect(huge.locator('pre.terminal.tail')).toContainText('line  5000 of 5000');
  const fold = huge.locator('details.fold');
  await expect(fold.locator('summary')).toHaveText('4976 more lines (300 kept on this page)');
  await expect(fold.locator('pre.middle')).toBeHidden();
  await fold.locator('summary').click();
  await expect(fold.locator('pre.middle')).toContainText('line    13 of 5000');
  const colors = page.locator('[data-src="edge/colors.ts"] .terminal-box');
  const ok = colors.getByText('ok', { exact: true });
  // Default-coloured text is not wrapped in a span of its own: the line carries its colour.
  const plain = colors.locator('.line').first();
  const [okColor, plainColor] = [
    await ok.evaluate((e) => getComputedStyle(e).color),
    await plain.evaluate((e) => getComputedStyle(e).color),
  ];
  expect(okColor).not.toBe(plainColor);
  await expect(colors.locator('.line.stderr')).toContainText('warning:');
});

test('values, pins and figures come from the published values', async ({ page }) => {
  const store = storeOf(sites().fixture);
  await page.goto(`${sites().fixture.url}02-figures/`);
  const capacity = store.chapters['02-figures'].values.capacity.value as number;
  await expect(page.locator('[data-value="capacity"]').first()).toHaveText(`${capacity.toLocaleString('en-US')} bytes`);
  // pin={4096} differs from the machine's number: a visible note says so.
  await expect(page.locator('[data-pin-differs="true"] + .value-note')).toContainText('4,096');
  await expect(page.locator('table[data-table="sizes"] tbody tr')).toHaveCount(2);
  const steps = store.chapters['02-figures'].values.bisect_steps.value as unknown[];
  await expect(page.locator('figure[data-bisect="bisect_steps"] tbody tr')).toHaveCount(steps.length);
});
