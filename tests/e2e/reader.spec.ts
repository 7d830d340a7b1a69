// The reader's controls: copy buttons copy, the theme toggle switches and persists.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { root, sites, storeOf } from './sites.ts';

test('copy buttons copy the source (without line numbers) and the command', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  const run = page.locator('#run-script-tag');
  await run.locator('.run-head .copy').click();
  await expect(run.locator('.run-head .copy')).toHaveText('Copied');
  const source = readFileSync(path.join(root, 'tests/fixtures/site/runnable/edge/script-tag.py'), 'utf8').replace(
    /\n$/,
    '',
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(source);
  await run.locator('.command .copy').click();
  const stored = storeOf(sites().fixture).chapters['01-edge-cases'].runs.find((r) => r.id === 'script-tag')!;
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(stored.result.command);
});

test('the theme follows the system, and the toggle switches and persists', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  const url = `${sites().fixture.url}01-edge-cases/`;
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.goto(url);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(dark).not.toBe(light);
  await page.emulateMedia({ colorScheme: 'light' });
  const toggle = page.locator('.theme-toggle');
  await expect(toggle).toHaveText('Dark theme');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(dark);
  await page.reload();
  expect(await background()).toBe(dark);
  await page.goto(sites().fixture.url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.theme-toggle')).toHaveText('Light theme');
  await page.locator('.theme-toggle').click();
  expect(await background()).toBe(light);
  await context.close();
});

test('a chapter reads without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${sites().fixture.url}01-edge-cases/`);
  await expect(page.locator('#run-pipe-hang [data-status-line]')).toContainText(
    'hung — proven, as the chapter expects',
  );
  await expect(page.locator('.theme-toggle')).toBeHidden();
  await expect(page.locator('.copy')).toHaveCount(0);
  await context.close();
});
