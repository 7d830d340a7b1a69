// The options of one run, checked at the engine's door without zod. result.ts's RunOptions (zod)
// is the same shape for the records, the pages and the docs; it takes its defaults from here, and a
// property test holds the two to the same answers on every kind of input. Why two: zod costs a
// process ~70 ms to load and build its schemas, most of what `hangtime run` of a small program
// spent before the program started (issue 11's speed target); the engine's run path loads none.
import { constants } from 'node:os';
import type { Expectation, RunOptions } from './result.ts';

/** The longest a Node timer can wait: 2^31 − 1 ms (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Every option's value when it is not given (what RunOptions.parse({}) gives). */
export const DEFAULT_OPTIONS = {
  args: [] as string[],
  expect: { kind: 'exit', code: 0 } as Expectation,
  timeoutMs: 60_000,
  quietMs: 40,
  stuckMs: 3000,
  waitBoundMs: null as number | null,
  env: {} as Record<string, string>,
  pythonBuffering: 'unbuffered' as 'unbuffered' | 'default',
  color: false,
  maxOutputBytes: 1024 * 1024,
  maxProcesses: 64,
  maxMemoryBytes: 2 * 1024 ** 3,
  alone: false,
  tsRunner: 'auto' as 'auto' | 'strip' | 'tsx',
  allowLeftovers: false,
};

/** A value's fault, or null when it is fine. */
type Check = (v: unknown) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v !== 'number' || !Number.isSafeInteger(v)
      ? `expected a whole number, got ${show(v)}`
      : v < min || v > max
        ? `${v} is out of range: ${min} to ${max}`
        : null;
const positive = int(1, Number.MAX_SAFE_INTEGER);
const timer = int(1, MAX_TIMER_MS);
const bool: Check = (v) => (typeof v === 'boolean' ? null : `expected true or false, got ${show(v)}`);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `expected one of ${values.join(', ')}, got ${show(v)}`;
const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? 'a list' : String(v));

function expectation(v: unknown): string | null {
  if (!isObject(v)) return `expected an expectation ({ kind: 'exit' } …), got ${show(v)}`;
  switch (v.kind) {
    case 'exit':
      return v.code === undefined ? null : int(0, 255)(v.code);
    case 'signal':
      return typeof v.name === 'string' && Object.hasOwn(constants.signals, v.name)
        ? null
        : `${show(v.name)} is not a signal name of this platform`;
    case 'hang':
    case 'stuck':
    case 'waiting':
    case 'timeout':
      return null;
    default:
      return `kind ${show(v.kind)} is not one of exit, hang, signal, timeout, stuck, waiting`;
  }
}

const checks: Record<keyof RunOptions, Check> = {
  args: (v) => (Array.isArray(v) && v.every((a) => typeof a === 'string') ? null : 'expected a list of strings'),
  expect: expectation,
  timeoutMs: timer,
  quietMs: timer,
  stuckMs: timer,
  waitBoundMs: (v) => (v === null ? null : timer(v)),
  cwd: (v) => (typeof v === 'string' ? null : `expected a path, got ${show(v)}`),
  env: (v) =>
    isObject(v) && Object.values(v).every((s) => typeof s === 'string')
      ? null
      : 'expected an object of NAME: string value',
  pythonBuffering: oneOf('unbuffered', 'default'),
  color: bool,
  maxOutputBytes: positive,
  maxProcesses: positive,
  maxMemoryBytes: positive,
  alone: bool,
  tsRunner: oneOf('auto', 'strip', 'tsx'),
  allowLeftovers: bool,
};

/**
 * `input` with every option's default filled in and every value checked; unknown keys are dropped
 * (as zod's object does). Throws an Error "option NAME: what is wrong" for the first bad value.
 * The result shares no object with `input` or the defaults.
 */
export function checkRunOptions(input: unknown): RunOptions {
  if (!isObject(input)) throw new Error(`option (options): expected an object, got ${show(input)}`);
  const out: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(checks)) {
    const given = input[name];
    if (given === undefined) {
      if (name in DEFAULT_OPTIONS) out[name] = structuredClone(DEFAULT_OPTIONS[name as keyof typeof DEFAULT_OPTIONS]);
      continue;
    }
    const fault = check(given);
    if (fault) throw new Error(`option ${name}: ${fault}`);
    out[name] = copy(name, given);
  }
  return out as RunOptions;
}

/** A checked value as zod's parse returns it: arrays and objects copied, an expectation's own keys only. */
function copy(name: string, v: unknown): unknown {
  if (name === 'expect') {
    const e = v as Record<string, unknown>;
    if (e.kind === 'exit') return { kind: 'exit', code: e.code ?? 0 };
    if (e.kind === 'signal') return { kind: 'signal', name: e.name };
    return { kind: e.kind };
  }
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}
