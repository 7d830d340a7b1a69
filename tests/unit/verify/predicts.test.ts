// verify and `hangtime lint` hold a <Predict>'s facts to the run it reveals: a fresh run that does
// not show them fails (and is never frozen by --update), a frozen record that does not fails lint.
// The real fixture snippets run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseFact } from '../../../src/collect/index.ts';
import type { RunResult } from '../../../src/runner/schema.ts';
import { makePlan } from '../../../src/verify/plan.ts';
import { predictFacts } from '../../../src/verify/predicts.ts';
import { checkRecords } from '../../../src/verify/records.ts';
import { copyFixture, verify, type Copy } from '../_support/verify.ts';

const CHAPTER = 'content/chapters/01-fixture.mdx';

/** The fixture chapter with its greeting run inside a <Predict> that gives `facts`. */
function predicting(copy: Copy, facts: string[]): void {
  copy.edit(
    CHAPTER,
    '<Run id="greet" src="01-fixture/greet.py" />',
    `<Predict question="What does it publish?" choices={["41", "42"]}\n` +
      `  answer={2} run="greet" because={${JSON.stringify(facts)}}>\n\n` +
      '<Run id="greet" src="01-fixture/greet.py" />\n\n</Predict>',
  );
}

describe('<Predict> facts in verify and lint', () => {
  let copy: Copy;
  before(() => {
    copy = copyFixture();
  });
  after(() => copy.remove());
  const reset = () => {
    copy.remove();
    copy = copyFixture();
  };

  test('facts the run shows: verify and lint pass', async () => {
    predicting(copy, ['exits', 'answer = 42', 'prints hello from pid']);
    assert.deepEqual(checkRecords(copy.root).problems, []);
    const r = await verify(['--root', copy.root]);
    assert.equal(r.code, 0, r.out + r.err);
  });

  test('a fact the run does not show: verify fails at the <Predict>, lint too, --update writes nothing', async () => {
    reset();
    predicting(copy, ['exits', 'answer = 41']);
    const problem =
      `${CHAPTER}:9: <Predict answer={2}> calls “42” right because of facts its run "greet" does not show: ` +
      '"answer = 41": answer is 42, not 41. Give facts this run shows';
    assert.deepEqual(
      checkRecords(copy.root).problems.map((p) => p.slice(0, problem.length)),
      [problem],
    );
    // A record that differs from the fresh run, and so would be rewritten, were the run true to the chapter.
    copy.edit(copy.frozen('greet.py'), '{name: answer, value: 42,', '{name: answer, value: 41,');
    const frozen = copy.read(copy.frozen('greet.py'));
    const r = await verify(['--root', copy.root, '--update']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /FAIL content\/chapters\/01-fixture\.mdx:12 {2}01-fixture\/greet\.py \(greet\)/);
    assert.ok(r.out.includes(`     - ${problem}`), r.out);
    assert.match(r.out, /not written by --update: fix the failure above first/);
    assert.equal(copy.read(copy.frozen('greet.py')), frozen);
  });

  test("the other side of a comparison may be another run's value: verify reads it from that run's record", () => {
    reset();
    const plan = makePlan({ root: copy.root });
    const wait = plan.runs.find((p) => p.run.id === 'wait')!;
    const predict = {
      chapterFile: CHAPTER,
      line: 13,
      answer: 1,
      choice: 'a',
      run: 'wait',
      because: [parseFact('x = answer')],
    };
    const planned = { ...wait, chapter: { ...wait.chapter, predicts: [predict] } };
    const fresh = (x: number) =>
      ({
        outcome: { kind: 'hang' },
        transcript: { chunks: [] },
        autopsy: null,
        values: [{ name: 'x', value: x, compare: 'exact' }],
      }) as unknown as RunResult;
    assert.deepEqual(predictFacts(planned, plan.runnable, fresh(42)), { problems: [], notes: [] });
    const [problem] = predictFacts(planned, plan.runnable, fresh(41)).problems;
    assert.match(problem!, /:13: .*"x = answer": x is 41, not answer \(42, from greet\.py\)\. Give facts/);
    // A quiet prediction (timings) on a busy machine: undecided, a note rather than a failure.
    const quiet = { ...planned, chapter: { ...planned.chapter, predicts: [{ ...predict, quiet: true }] } };
    const busy = { ...fresh(41), host: { cpus: 2, load: [3.1, 3, 3] } } as RunResult;
    const report = predictFacts(quiet, plan.runnable, busy);
    assert.deepEqual(report.problems, []);
    assert.match(
      report.notes[0]!,
      /:13: <Predict answer=\{1\}> is undecided on this run of "wait": .*busy \(a load average of 3\.10/,
    );
  });
});
