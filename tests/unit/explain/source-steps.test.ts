// exit-code-path.py's table of this Python's lines, run here, against the stacks of a real hung
// queue (its autopsy): each frame of the child's way out and of its feeder is a step of the table.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { readSteps, stepAnchor, stepOfFrame, type Step } from '../../../src/explain/source-steps.ts';
import { runSnippet, type RunResult } from '../../../src/runner/index.ts';
import { published } from './published.ts';

let steps: Step[] = [];
let hang: RunResult;
before(async () => {
  const [values, result] = await Promise.all([
    published('04-its-the-pipe/exit-code-path.py'),
    runSnippet(path.resolve(import.meta.dirname, '../../fixtures/runner/queue-hang.py'), {
      expect: { kind: 'hang' },
      timeoutMs: 20_000,
    }),
  ]);
  steps = readSteps(values.ecp_table, 'ecp_table');
  hang = result;
});

test('the steps read from the table, each found in this Python', () => {
  assert.ok(steps.length > 0);
  assert.deepEqual(
    steps.map((s) => s.n),
    steps.map((_, i) => i + 1),
  );
  for (const s of steps) assert.ok(s.at && s.at.file.startsWith('multiprocessing/') && s.at.code, `step ${s.n}`);
  assert.equal(stepAnchor('ecp_table', steps[0]!), 'source-ecp_table-1');
});

test("a hung queue's stacks: the child's way out and its feeder's write are steps of the table", () => {
  assert.equal(hang.outcome.kind, 'hang');
  const autopsy = hang.autopsy;
  assert.ok(autopsy?.status === 'taken');
  const threads = autopsy.processes.flatMap((p) => p.threads.filter((t) => t.stack?.length));
  const matched = (name: string) =>
    threads
      .filter((t) => t.name === name)
      .flatMap((t) => t.stack!.map((f) => stepOfFrame(steps, f)?.n).filter((n) => n !== undefined));
  const feeder = matched('QueueFeederThread');
  const byWhat = (word: string) => steps.find((s) => s.what.includes(word))!.n;
  assert.ok(feeder.includes(byWhat('the write into the pipe')), `feeder frames matched steps ${feeder}`);
  const main = matched('MainThread');
  assert.ok(main.includes(byWhat('join the feeder thread')), `main frames matched steps ${main}`);
  // No frame of the parent's own join (process.py's join, popen_fork's wait) is taken for a step.
  for (const t of threads)
    for (const f of t.stack!)
      if (f.func === 'join' && f.file.endsWith('process.py')) assert.equal(stepOfFrame(steps, f), undefined);
});
