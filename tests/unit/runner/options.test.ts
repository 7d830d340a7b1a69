// The engine's zod-free door check of run options (options.ts) and the records' zod RunOptions
// (result.ts) must give the same answer on every input: accepted or refused, and when accepted,
// the same options. Each field is tried with good values, bad types, edges and out-of-range
// numbers, and a seeded random walk combines them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRunOptions, DEFAULT_OPTIONS, MAX_TIMER_MS } from '../../../src/runner/options.ts';
import { RunOptions } from '../../../src/runner/schema.ts';

const junk = [null, undefined, true, false, 'x', '', 0, -1, 1.5, NaN, Infinity, -Infinity, [], {}, ['a'], { a: 1 }];
const timer = [1, 2, 40, 60_000, MAX_TIMER_MS, MAX_TIMER_MS + 1, 0, -5, 2.5, Number.MAX_SAFE_INTEGER + 2];
const positive = [1, 64, 2 ** 40, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 0, -1, 0.5];

/** Values to try per option, beside `junk` (tried for every option). */
const values: Record<string, unknown[]> = {
  args: [[], ['a', 'b'], ['a', 1], [null], 'a'],
  expect: [
    { kind: 'exit' },
    { kind: 'exit', code: 0 },
    { kind: 'exit', code: 255 },
    { kind: 'exit', code: 256 },
    { kind: 'exit', code: -1 },
    { kind: 'exit', code: 1.5 },
    { kind: 'exit', code: '3' },
    { kind: 'exit', code: null },
    { kind: 'exit', code: 3, extra: true },
    { kind: 'hang' },
    { kind: 'hang', code: 3 },
    { kind: 'stuck' },
    { kind: 'waiting' },
    { kind: 'timeout' },
    { kind: 'signal', name: 'SIGTERM' },
    { kind: 'signal', name: 'SIGNOPE' },
    { kind: 'signal', name: 'toString' },
    { kind: 'signal' },
    { kind: 'bogus' },
    {},
  ],
  timeoutMs: timer,
  quietMs: timer,
  stuckMs: timer,
  waitBoundMs: [...timer, null],
  cwd: ['/tmp', 'rel/dir', ''],
  env: [{}, { A: '1', B: '' }, { A: 1 }, { A: null }, []],
  pythonBuffering: ['unbuffered', 'default', 'line', 'Default'],
  color: [true, false, 'true', 1],
  maxOutputBytes: positive,
  maxProcesses: positive,
  maxMemoryBytes: positive,
  alone: [true, false, 0],
  tsRunner: ['auto', 'strip', 'tsx', 'esbuild'],
  allowLeftovers: [true, false, 'no'],
};

/** What zod and the door check say of `input`: refused, or the options (undefined keys dropped, as JSON does). */
function both(input: unknown) {
  const z = RunOptions.safeParse(input);
  let ours: unknown;
  try {
    ours = checkRunOptions(input);
  } catch (e) {
    ours = { refused: (e as Error).message };
  }
  const clean = (v: unknown) => JSON.parse(JSON.stringify(v));
  return {
    zod: z.success ? clean(z.data) : 'refused',
    ours: (ours as { refused?: string }).refused ? 'refused' : clean(ours),
  };
}

test('the defaults are what zod fills in for an empty object', () => {
  assert.deepEqual(checkRunOptions({}), RunOptions.parse({}));
  assert.deepEqual(checkRunOptions({}), { ...DEFAULT_OPTIONS });
});

test('every option, with good, bad and edge values: the door check and zod agree', () => {
  let tried = 0;
  for (const [name, vs] of Object.entries(values)) {
    for (const v of [...vs, ...junk]) {
      const { zod, ours } = both({ [name]: v });
      assert.deepEqual(ours, zod, `${name}: ${JSON.stringify(v)}`);
      tried++;
    }
  }
  for (const v of junk) assert.deepEqual(both(v).ours, both(v).zod, `options ${JSON.stringify(v)}`);
  assert.ok(tried > 300);
});

test('random combinations of options: the door check and zod agree', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const names = Object.keys(values);
  for (let i = 0; i < 2000; i++) {
    const input: Record<string, unknown> = {};
    for (let k = rand(5); k > 0; k--) {
      const name = names[rand(names.length)]!;
      const pool = rand(4) === 0 ? junk : values[name]!;
      input[name] = pool[rand(pool.length)];
    }
    if (rand(3) === 0) input.unknownKey = 'dropped';
    const { zod, ours } = both(input);
    assert.deepEqual(ours, zod, JSON.stringify(input));
  }
});

test('a refused option is named with what is wrong, and the caller’s objects are not shared', () => {
  assert.throws(() => checkRunOptions({ quietMs: 0 }), /option quietMs: 0 is out of range: 1 to 2147483647/);
  assert.throws(
    () => checkRunOptions({ expect: { kind: 'signal', name: 'SIGNOPE' } }),
    /option expect: 'SIGNOPE' is not a signal/,
  );
  assert.throws(() => checkRunOptions('fast'), /option \(options\): expected an object/);
  const env = { A: '1' };
  const o = checkRunOptions({ env });
  o.env.B = '2';
  assert.deepEqual(env, { A: '1' });
  checkRunOptions({}).args.push('x');
  assert.deepEqual(DEFAULT_OPTIONS.args, []);
});
