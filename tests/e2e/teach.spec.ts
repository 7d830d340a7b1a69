// The teaching components on the fixture site (chapter 03-teaching): the pipe model driven by the
// keyboard, predict-then-reveal, glossary terms and the autopsy's links to the interpreter's
// lines, without JavaScript too, and axe on each component at 390 and 1280 px, light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { pagePaths, sites, storeOf } from './sites.ts';

const chapter = () => `${sites().fixture.url}03-teaching/`;
const COMPONENTS = ['.queue-diagram', '.pipe-model', '.byte-map', '.source-lines', '.predict', '.term'];

test('the pipe model: every state reached from the keyboard, told in a live region', async ({ page }) => {
  await page.goto(chapter());
  const model = page.locator('.pipe-model');
  const result = model.locator('output.pm-result');
  await expect(result).toHaveAttribute('aria-live', 'polite');
  await expect(result).toHaveAttribute('data-outcome', 'hangs');
  await expect(result).toContainText('Nobody reads: it hangs');
  await expect(model.locator('.pm-actors')).toContainText('blocked in write()');

  const items = model.getByLabel(/Size, in characters/);
  const getFirst = model.getByLabel('the parent calls get() before join()');
  await items.focus();
  await page.keyboard.press('Tab'); // how many put() calls
  await page.keyboard.press('Tab'); // pipe size
  await page.keyboard.press('Tab'); // get() first
  await expect(getFirst).toBeFocused();
  await page.keyboard.press('Space');
  await expect(result).toHaveAttribute('data-outcome', 'exits');
  await expect(result).toContainText('the message arrives, the child exits');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // cancel_join_thread()
  await page.keyboard.press('Space');
  await expect(result).toHaveAttribute('data-outcome', 'loses');
  await expect(result).toContainText('Exits, and loses 1 message.');
  await page.keyboard.press('Space');
  await expect(result).toHaveAttribute('data-outcome', 'hangs');

  // A bigger pipe, picked with the arrow keys: Bob's message fits.
  await model.getByLabel('Pipe size').focus();
  await page.keyboard.press('ArrowDown');
  await expect(result).toHaveAttribute('data-outcome', 'exits');
  await expect(model.locator('.pm-slot')).toHaveCount(
    Number((await model.getByLabel('Pipe size').inputValue()) as string) /
      Number(JSON.parse((await model.getAttribute('data-pipe-model'))!).facts.page),
  );
  await page.keyboard.press('ArrowUp');
  await expect(result).toHaveAttribute('data-outcome', 'hangs');

  // One character, then bad input: a visible message, never a clamp.
  await items.fill('1');
  await expect(result).toContainText('A str of 1 character.');
  await expect(result).toHaveAttribute('data-outcome', 'exits');
  for (const [typed, says] of [
    ['-5', 'cannot be negative'],
    ['abc', 'is not a whole number'],
    ['999999999999', 'At most'],
  ]) {
    await items.fill(typed);
    await expect(model.locator('[data-error-for=items]')).toContainText(says);
    await expect(items).toHaveAttribute('aria-invalid', 'true');
    await expect(result).toHaveAttribute('data-outcome', 'invalid');
    await expect(model.locator('.pm-drawing')).toBeHidden(); // no drawing of other numbers
  }
  await items.fill('2500');
  await expect(items).toHaveAttribute('aria-invalid', 'false');
  await expect(model.locator('[data-error-for=items]')).toBeHidden();
  await expect(model.locator('.pm-drawing')).toBeVisible();
  // Small messages, many of them: one slot each, and the rest wait.
  await model.getByLabel('How many put() calls').fill('40');
  await expect(result).toContainText("still wait in the queue's buffer");
});

test('predict, then reveal: a guess first, then the run opens, by keyboard', async ({ page }) => {
  await page.goto(chapter());
  const predict = page.locator('[data-predict]');
  const details = predict.locator(':scope > details');
  const summary = details.locator(':scope > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(details).not.toHaveAttribute('open', '');
  await expect(predict.locator('[data-predict-say]')).toContainText('Pick your guess first');
  await expect(predict.getByRole('radio').first()).toBeFocused();
  await page.keyboard.press('ArrowDown'); // the second answer
  await expect(predict.getByRole('radio').nth(1)).toBeChecked();
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(details).toHaveAttribute('open', '');
  await expect(predict.locator('[data-predict-say]')).toContainText('Your guess is right: “It hangs”.');
  await expect(predict.getByRole('radio', { name: 'It hangs your guess, right' })).toBeChecked();
  await expect(predict.locator('.run [data-status-line]')).toBeVisible();
});

test('a wrong guess: the answer marks it wrong and marks the right choice, in words, icons and the live line', async ({
  page,
}) => {
  await page.goto(chapter());
  const predict = page.locator('[data-predict]');
  const choices = predict.locator(':scope > fieldset label');
  await expect(predict.locator('[data-mark]:visible')).toHaveCount(0); // nothing marked before the answer opens
  await predict.getByRole('radio', { name: "The parent's join() returns at once" }).check();
  await predict.locator(':scope > details > summary').click();
  const say = predict.locator('[data-predict-say]');
  await expect(say).toHaveAttribute('aria-live', 'polite');
  await expect(say).toContainText(
    "Your guess is wrong: “The parent's join() returns at once”. The right answer: “It hangs”.",
  );
  // Each mark is part of its radio's accessible name (a screen reader hears it on the choice) and is
  // told by words and an icon, not by colour alone.
  await expect(
    predict.getByRole('radio', { name: "The parent's join() returns at once your guess, wrong" }),
  ).toBeChecked();
  await expect(predict.getByRole('radio', { name: 'It hangs the right answer' })).not.toBeChecked();
  await expect(choices.nth(0)).toHaveAttribute('data-mark', 'wrong-guess');
  await expect(choices.nth(0).locator('[data-mark]')).toHaveText('✗ your guess, wrong');
  await expect(choices.nth(1)).toHaveAttribute('data-mark', 'right');
  await expect(choices.nth(1).locator('[data-mark]')).toHaveText('✓ the right answer');
  await expect(choices.nth(2).locator('[data-mark]')).toBeHidden();
  await expect(predict.locator('[data-predict-verdict]')).toHaveText(
    'The right answer: It hangs. The run below shows it: the engine proved it hung; the parent waits in wait4().',
  );
  // Another guess after the answer opened moves the marks.
  await predict.getByRole('radio', { name: /^It hangs/ }).check();
  await expect(choices.nth(1)).toHaveAttribute('data-mark', 'right-guess');
  await expect(choices.nth(0).locator('[data-mark]')).toBeHidden();
  await expect(say).toContainText('Your guess is right: “It hangs”.');
});

test("the story: each chapter's prediction names its right choice, checked, and marks a wrong guess", async ({
  page,
}) => {
  for (const path of pagePaths('story').filter((p) => /^\d\d-/.test(p))) {
    await page.goto(new URL(path, sites().story.url).href);
    const predict = page.locator('[data-predict]');
    await expect(predict, path).toHaveCount(1);
    const radios = predict.locator(':scope > fieldset input[type=radio]');
    if ((await predict.getAttribute('data-undecided')) !== null) {
      // A prediction on timings whose run, on a busy machine, did not show its facts: no answer, and why.
      await radios.first().check();
      await predict.locator(':scope > details > summary').click();
      await expect(predict.locator('[data-predict-verdict]'), path).toContainText('This run does not decide it:');
      await expect(predict.locator('[data-mark]:visible'), path).toHaveCount(0);
      continue;
    }
    const right = Number(await predict.getAttribute('data-answer'));
    const rightText = (await predict.locator('.predict-choice').nth(right).textContent())!;
    await radios.nth(right === 0 ? 1 : 0).check();
    await predict.locator(':scope > details > summary').click();
    await expect(predict.locator('[data-predict-verdict]'), path).toContainText(
      `The right answer: ${rightText}. The run below shows it: `,
    );
    await expect(predict.locator('label[data-mark=wrong-guess]'), path).toHaveCount(1);
    await expect(predict.locator('label[data-mark=right]'), path).toHaveCount(1);
    await expect(predict.locator('[data-predict-say]'), path).toContainText('Your guess is wrong: ');
  }
});

test('without JavaScript: the model shows its built state, the answer still opens', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter());
  await expect(page.locator('.pipe-model form')).toBeHidden();
  await expect(page.locator('.pm-nojs')).toBeVisible();
  await expect(page.locator('.pipe-model output')).toContainText('Hangs.');
  const slots = storeOf(sites().fixture).chapters['03-teaching']!.values.slots_count!.value as number;
  await expect(page.locator('.pipe-model .pm-slot')).toHaveCount(slots);
  await page.locator('[data-predict] > details > summary').click();
  await expect(page.locator('[data-predict] .run')).toBeVisible();
  // The right choice is said in words inside the answer; nothing on the choices is marked.
  await expect(page.locator('[data-predict-verdict]')).toContainText('The right answer: It hangs.');
  await expect(page.locator('[data-predict] [data-mark]:visible')).toHaveCount(0);
  await context.close();
});

test('glossary terms and the autopsy: every link lands on its target', async ({ page }) => {
  const glossary = new URL('glossary/', sites().fixture.url).href;
  await page.goto(glossary);
  const ids = await page.locator('.entry').evaluateAll((els) => els.map((e) => e.id));
  for (const path of ['03-teaching/', '01-edge-cases/']) {
    await page.goto(new URL(path, sites().fixture.url).href);
    const hrefs = await page
      .locator('a[href*="glossary/#"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length, path).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(new URL(href, page.url()).href.split('#')[0]).toBe(glossary);
      expect(ids, href).toContain(href.split('#')[1]);
    }
  }
  await page.goto(chapter());
  // The tip: shown on focus, dismissed with Escape.
  const term = page.locator('.prose > p .term').first();
  await term.locator('a').focus();
  await expect(term.locator('[role=tooltip]')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(term.locator('[role=tooltip]')).toBeHidden();
  // The hung queue's stack frames link to this Python's lines on the same page.
  const links = page.locator('[data-predict] .stack a[href^="#source-"]');
  expect(await links.count()).toBeGreaterThan(3);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
    await expect(page.locator(href)).toHaveClass(/sl-step/);
  }
});

async function openEverything(page: Page) {
  await page.locator('[data-predict] input[type=radio]').first().check();
  await page.locator('[data-predict] > details > summary').click();
  await page.locator('.pipe-model input[name=items]').fill('-5'); // the error state too
}

for (const width of [390, 1280]) {
  test(`axe: no serious or critical violation in the teaching components at ${width} px, light and dark`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(chapter());
    await openEverything(page);
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      let builder = new AxeBuilder({ page });
      for (const selector of COMPONENTS) builder = builder.include(selector);
      builder = builder.exclude('.predict .run'); // a <Run> in the answer is <Run>'s own business (axe.spec.ts)
      const { violations } = await builder.analyze();
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        found.push(`${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      }
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect({ found, overflow }).toEqual({ found: [], overflow: 0 });
    await context.close();
  });
}
