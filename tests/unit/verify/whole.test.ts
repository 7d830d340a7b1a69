// One run, one set of numbers: what --update writes is the fresh run whole (values as published,
// the transcript as printed, its recorded facts), with only the hand-editable comparison carried
// over. Today's failure it prevents: prose of one run (177,152) beside a table of another (175,104).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Host } from '../../../src/runner/schema.ts';
import { emptyRecorded, FROZEN_FORMAT, type FrozenDoc } from '../../../src/frozen/document.ts';
import { compareRun } from '../../../src/verify/compare.ts';
import { SCHEMA_VERSION } from '../../../src/runner/schema.ts';

const host = (load1: number): Host => ({
  os: 'linux',
  kernel: '6',
  arch: 'x64',
  cpus: 2,
  load: [load1, 1, 1],
  node: 'v24',
  python: null,
});

function doc(limit: number, lines: string[], extra: Partial<FrozenDoc> = {}): FrozenDoc {
  return {
    format: FROZEN_FORMAT,
    snippet: '04-x/socketpair.ts',
    files: { '04-x/socketpair.ts': 'aa' },
    id: 'socketpair',
    options: {},
    outcome: { kind: 'exit', code: 0, signal: null, killedBy: null, leftBehind: 0, limits: [] },
    values: [
      { name: 'limit', value: limit, compare: 'range', min: 16384, max: 1048576 },
      { name: 'table', value: { columns: ['size', 'stuck'], rows: [[1024, limit]] }, compare: 'shape' },
    ],
    autopsy: null,
    redact: [],
    stdout: lines,
    stderr: [],
    shown: [{ stream: 'stdout', t: 5, text: `stuck after ${limit.toLocaleString('en')} bytes\nend\n` }],
    recorded: { ...emptyRecorded(), schemaVersion: SCHEMA_VERSION, startedAt: `run of ${limit}`, host: host(0.2) },
    ...extra,
  };
}

test('a passing run leaves the record alone: its values and transcript stay one (older) run', () => {
  const frozen = doc(177152, ['stuck after [..] bytes', 'end']);
  const fresh = doc(175104, ['stuck after 175,104 bytes', 'end']);
  const c = compareRun(frozen, fresh, 'f.md');
  assert.equal(c.pass, true, c.problems.join('\n'));
  assert.equal(c.diff, '');
});

test('a failing run is rewritten whole: fresh values, fresh transcript, wildcards that still match kept', () => {
  const frozen = doc(177152, ['stuck after [..] bytes', 'end'], { redact: [{ pattern: 'x', label: 'X' }] });
  const fresh = doc(175104, ['stuck after 175,104 bytes', 'the end']);
  const c = compareRun(frozen, fresh, 'f.md');
  assert.equal(c.pass, false);
  assert.deepEqual(c.problems, ['stdout differs']);
  // The diff shows the real change only, not the range value that passed.
  assert.match(c.diff, /^-end$/m);
  assert.match(c.diff, /^\+the end$/m);
  assert.doesNotMatch(c.diff, /175104|177152/);
  const w = c.rewrite;
  assert.deepEqual(
    w.values.map((v) => v.value),
    [175104, { columns: ['size', 'stuck'], rows: [[1024, 175104]] }],
    'every value of the fresh run, the range one included',
  );
  assert.deepEqual(w.shown, fresh.shown);
  assert.equal(w.recorded.startedAt, 'run of 175104');
  assert.deepEqual(w.stdout, ['stuck after [..] bytes', 'the end'], 'the wildcard still matches: kept');
  assert.deepEqual(w.redact, frozen.redact);
});

test('a stale record never passes, even when its compared text matches', () => {
  const frozen = doc(1, ['stuck after 1 bytes', 'end']);
  const old = { ...frozen, recorded: { ...frozen.recorded, schemaVersion: SCHEMA_VERSION - 1 } };
  const c = compareRun(old, frozen, 'f.md');
  assert.equal(c.pass, false);
  assert.match(
    c.problems.join('\n'),
    /recorded by engine schema \d+, not the current \d+: `npx hangtime verify --update` rewrites it/,
  );
  assert.equal(c.rewrite.recorded.schemaVersion, SCHEMA_VERSION);
});

test('a record whose command is not what runs now never passes: the page shows it above the output', () => {
  const fresh = doc(65536, ['stuck after 65,536 bytes', 'end']);
  fresh.recorded = { ...fresh.recorded, command: 'python3 runnable/x.py | cat' };
  const frozen = { ...fresh, recorded: { ...fresh.recorded, command: 'python3 runnable/x.py' } };
  const c = compareRun(frozen, fresh, 'f.md');
  assert.equal(c.pass, false);
  assert.deepEqual(c.problems, ['the command shown changed: `python3 runnable/x.py` → `python3 runnable/x.py | cat`']);
  assert.equal(c.rewrite.recorded.command, 'python3 runnable/x.py | cat');
  // The same command from another tree (a copy of the repository, a fixture's root) is the same command.
  const here = { ...fresh, recorded: { ...fresh.recorded, command: 'node runnable/04-x/socketpair.ts 2' } };
  const there = { ...fresh, recorded: { ...fresh.recorded, command: 'node /tmp/copy/runnable/04-x/socketpair.ts 2' } };
  assert.equal(compareRun(here, there, 'f.md').pass, true, compareRun(here, there, 'f.md').problems.join('\n'));
});

test('a quiet order measured on a busy machine is a note, not a failure', () => {
  const order = (threads: number, processes: number) => ({
    name: 'speedups',
    value: { threads, processes },
    compare: 'order' as const,
    quiet: true,
  });
  const frozen = doc(1, ['x'], { values: [order(1.2, 1.9)] });
  const fresh = doc(1, ['x'], {
    values: [order(1.1, 0.7)],
    recorded: { ...emptyRecorded(), schemaVersion: SCHEMA_VERSION, host: host(3.5) },
  });
  const c = compareRun(frozen, fresh, 'f.md');
  assert.equal(c.pass, true, c.problems.join('\n'));
  assert.match(c.notes[0]!, /"speedups" \(quiet\) not compared: run now at a load average of 3\.50 on 2 cores/);
});

test('a quiet run supersedes a record whose quiet measurements were taken busy (and only then)', async () => {
  const { quieter } = await import('../../../src/verify/check.ts');
  const order = { name: 'o', value: { a: 1, b: 2 }, compare: 'order' as const, quiet: true };
  const at = (load1: number, values = [order]) =>
    doc(1, ['x'], { values, recorded: { ...emptyRecorded(), schemaVersion: SCHEMA_VERSION, host: host(load1) } });
  assert.equal(quieter(at(3.5), at(0.4)), true);
  assert.equal(quieter(at(0.4), at(0.3)), false, 'a quiet record stays');
  assert.equal(quieter(at(3.5), at(2.5)), false, 'a busy run replaces nothing');
  assert.equal(quieter(at(3.5, []), at(0.4, [])), false, 'no quiet measurement, nothing to gain');
});
