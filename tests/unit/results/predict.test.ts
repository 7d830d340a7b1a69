// A <Predict>'s facts judged on the run it reveals (src/results/predict.ts): on the story's own
// frozen records, each fact holds or says what the run showed instead; and a claim the run does
// not show stops the build with the chapter's file:line and what to fix.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseFact } from '../../../src/collect/index.ts';
import { frozenPathFor } from '../../../src/frozen/identity.ts';
import { readFrozen } from '../../../src/frozen/store.ts';
import { thaw } from '../../../src/frozen/thaw.ts';
import { executeChapters, RunsFailedError } from '../../../src/integration/execute.ts';
import { decide, judge, plainWords, predictReport, type ChapterValue } from '../../../src/results/predict.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const runnable = path.join(root, 'runnable');

/** A run of the story as its frozen record holds it. */
function record(src: string, id: string, options: object = {}) {
  const file = path.join(runnable, src);
  return thaw(readFrozen(frozenPathFor(file, options, id))!, file, options);
}

const none: ChapterValue = () => undefined;
const said = (fact: string, result: ReturnType<typeof record>, chapter = none) => {
  const verdict = judge(parseFact(fact), result, chapter);
  return [verdict.holds, plainWords(verdict.words)];
};

test('outcome and output: what the run did, in words, whether the fact holds or not', () => {
  const bob = record('01-a-program-that-never-finishes/bob.py', 'bob-hang', { expect: { kind: 'hang' } });
  assert.deepEqual(said('hangs', bob), [true, 'the engine proved it hung']);
  assert.deepEqual(said('exits', bob), [false, 'it hung']);
  assert.deepEqual(said('prints worker ended', bob), [true, 'it printed “worker ended”']);
  assert.deepEqual(said('never prints worker joined', bob), [true, 'it never printed “worker joined”']);
  assert.deepEqual(said('prints worker joined', bob), [false, 'it never printed “worker joined”']);
  assert.deepEqual(said('never prints worker', bob), [false, 'it printed “starting the worker”']);
  const grown = record('04-its-the-pipe/bigger-pipe.py', 'bigger-pipe');
  assert.deepEqual(said('exits', grown), [true, 'it exited 0']);
  assert.deepEqual(said('exits 1', grown), [false, 'it exited 0']);
  assert.deepEqual(said('hangs', grown), [false, 'it exited 0']);
});

test('published values: compared with a number, true/false, or a value of another run of the chapter', () => {
  const frames = record('05-why-65514-and-not-65536/frame-sizes.py', 'frames');
  const chapter: ChapterValue = (name) =>
    name === 'pipe_capacity'
      ? { value: 65536, unit: 'bytes', src: '05-why-65514-and-not-65536/predict.py' }
      : undefined;
  assert.deepEqual(said('frame_str = pipe_capacity', frames, chapter), [
    true,
    'frame_str is 65,536 bytes, equal to pipe_capacity (65,536 bytes, from predict.py)',
  ]);
  assert.deepEqual(said('frame_str < pipe_capacity', frames, chapter), [
    false,
    'frame_str is 65,536 bytes, not below pipe_capacity (65,536 bytes, from predict.py)',
  ]);
  assert.deepEqual(said('wrapping_int >= 80', frames), [true, 'wrapping_int is 80 bytes, at least 80']);
  assert.deepEqual(said('wrapping_int = 81', frames), [false, 'wrapping_int is 80 bytes, not 81']);
  assert.deepEqual(said('wrapping_int != 80', frames), [false, 'wrapping_int is 80 bytes, equal to 80']);
  assert.deepEqual(said('wrapping_int != 81', frames), [true, 'wrapping_int is 80 bytes, not 81']);
  assert.deepEqual(said('frame_str = nowhere', frames), [false, 'no run of this chapter publishes nowhere']);
  // The left side is the revealed run's own: a value of another run does not decide this prediction.
  assert.deepEqual(said('pipe_capacity = 65536', frames, chapter), [
    false,
    'its run publishes no pipe_capacity ' +
      '(another run of this chapter does: a prediction is decided by the run it reveals)',
  ]);
  const readings = record('03-the-investigation/as-printed-readings.py', 'readings');
  assert.deepEqual(said('readings_after_matches = true', readings), [true, 'readings_after_matches is true']);
  assert.deepEqual(said('readings_else_matches = true', readings), [false, 'readings_else_matches is false, not true']);
  assert.deepEqual(said('readings_else_matches < 1', readings), [
    false,
    'readings_else_matches is false, compared with 1: "<" compares numbers',
  ]);
  const gil = record('02-why-processes-at-all/gil.py', 'gil', { alone: true });
  assert.deepEqual(said('py_busy_threads <= 1.1', gil), [true, 'py_busy_threads is 0.96, at most 1.1']);
});

test('the autopsy: which system call the parent, or a process it started, waits in', () => {
  const report = record('07-diagnose-the-next-hang/report.py', 'report-hang', { expect: { kind: 'hang' } });
  assert.deepEqual(said('parent waits in wait4', report), [true, 'the parent waits in wait4()']);
  assert.deepEqual(said('child waits in write on fd 1', report), [true, 'a child waits in write() on fd 1']);
  assert.deepEqual(said('child waits in read on fd 0', report), [
    false,
    'a child waits in write on fd 1, not in read() on fd 0',
  ]);
  assert.deepEqual(said('parent waits in write', report), [false, 'the parent waits in wait4, not in write()']);
  const grown = record('04-its-the-pipe/bigger-pipe.py', 'bigger-pipe');
  assert.deepEqual(said('parent waits in wait4', grown), [
    false,
    'no autopsy was taken (it is taken of a run that does not end by itself)',
  ]);
});

test('a prediction its run does not show: one problem naming file:line, the choice, each fact and the fix', () => {
  const bob = record('01-a-program-that-never-finishes/bob.py', 'bob-hang', { expect: { kind: 'hang' } });
  const predict = {
    chapterFile: 'content/chapters/01-x.mdx',
    line: 28,
    answer: 1,
    choice: 'All three lines print',
    run: 'bob-hang',
    because: ['exits', 'prints worker ended', 'prints worker joined'].map(parseFact),
  };
  assert.equal(
    predictReport(predict, bob, none).problem,
    'content/chapters/01-x.mdx:28: <Predict answer={1}> calls “All three lines print” right because of facts ' +
      'its run "bob-hang" does not show: "exits": it hung; "prints worker joined": it never printed “worker joined”. ' +
      'Give facts this run shows that make that choice right (or another answer), or change the snippet.',
  );
  assert.deepEqual(predictReport({ ...predict, because: [parseFact('hangs')] }, bob, none), {});
});

test('a quiet prediction (timings): a busy machine that does not show its facts leaves it undecided, said', () => {
  const frozen = record('02-why-processes-at-all/gil.py', 'gil', { alone: true });
  const on = (load: number) => ({
    ...frozen,
    host: { ...frozen.host, load: [load, load, load] as [number, number, number] },
  });
  const gil = on(1.98); // two cores: busy above 1.0
  const predict = {
    chapterFile: 'content/chapters/02-x.mdx',
    line: 38,
    answer: 2,
    choice: 'Threads: about one core',
    run: 'gil',
    because: ['py_busy_threads <= 1.1', 'py_busy_processes > 1.8'].map(parseFact),
  };
  // Facts a busy run shows decide it all the same: load only keeps cores from being busy.
  assert.equal(decide({ ...predict, because: predict.because.slice(0, 1), quiet: true }, gil, none).state, 'shown');
  const undecided = decide({ ...predict, quiet: true }, gil, none);
  assert.equal(undecided.state, 'undecided');
  assert.deepEqual(predictReport({ ...predict, quiet: true }, gil, none), {
    note:
      'content/chapters/02-x.mdx:38: <Predict answer={2}> is undecided on this run of "gil": its answer rests on ' +
      'timings, which mean something only on a quiet machine, and the machine that ran it was busy (a load average ' +
      'of 1.98 on 2 cores; quiet means at most 0.5 per core); it did not show "py_busy_processes > 1.8": ' +
      'py_busy_processes is 1.69, not above 1.8. The page says the run does not decide it.',
  });
  // Not quiet, or quiet on a quiet machine: the chapter claims what the run does not show.
  assert.match(predictReport(predict, gil, none).problem!, /^content\/chapters\/02-x\.mdx:38: .*not above 1\.8\. Give/);
  assert.match(predictReport({ ...predict, quiet: true }, on(0.2), none).problem!, /not above 1\.8\. Give facts/);
});

test('the build: a wrong claim stops it at its file:line, a true one passes (frozen runs)', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-predict-'));
  const chapters = path.join(scratch, 'chapters');
  mkdirSync(chapters);
  const name = '01-a-program-that-never-finishes.mdx';
  const saved = { ...process.env };
  Object.assign(process.env, {
    HANGTIME_CONTENT_DIR: chapters,
    HANGTIME_RUNNABLE_DIR: runnable,
    HANGTIME_STATE_DIR: path.join(scratch, 'state'),
  });
  const build = () => executeChapters({ root, mode: 'frozen', log: () => {} });
  try {
    cpSync(path.join(root, 'content/chapters', name), path.join(chapters, name));
    await build(); // the chapter as it is: its facts hold
    const text = readFileSync(path.join(chapters, name), 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('<Predict ')) + 1;
    writeFileSync(path.join(chapters, name), text.replace('"never prints worker joined"', '"prints worker joined"'));
    await assert.rejects(build(), (error: unknown) => {
      assert.ok(error instanceof RunsFailedError);
      assert.match(
        error.message,
        new RegExp(
          `\\n${path.relative(root, chapters).replace(/[.]/g, '\\.')}/${name.replace(/[.]/g, '\\.')}:${line}: ` +
            '<Predict answer=\\{2\\}> calls ‘“worker ended” prints, then nothing more, ever’ right because of facts ' +
            'its run "bob-hang" does not show: "prints worker joined": it never printed “worker joined”\\. Give facts',
        ),
      );
      return true;
    });
  } finally {
    process.env = saved;
    rmSync(scratch, { recursive: true, force: true });
  }
});
