// Turning the props of a <Run> tag into engine options, once, for everyone:
// the collector (build, CLI) and the Run component both call runFromProps, so
// the page renders exactly the run that was executed.
import { parseDuration as parseEngineDuration, parseExpect as parseEngineExpect } from '../runner/schema.ts';
import type { Expectation, RunOptionsInput } from '../runner/schema.ts';

/** A prop value as MDX gives it: a string, `true` for a bare prop, or a literal expression. */
export type PropValue = string | number | boolean | string[] | null;

/** A user mistake in a chapter; `hint` says what to write instead. */
export class PropError extends Error {
  hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'PropError';
    this.hint = hint;
  }
}

export const RUN_PROPS = [
  'id',
  'src',
  'expect',
  'args',
  'timeout',
  'quietMs',
  'region',
  'show',
  'title',
  'alone',
  'pythonBuffering',
  'allowLeftovers',
  'color',
] as const;
export const SHOW_VALUES = ['all', 'region', 'none'] as const;
export type Show = (typeof SHOW_VALUES)[number];

/** What a chapter says about one run: the engine's options plus how to show it. */
export interface RunSpec {
  /** Path relative to the snippet root (runnable/), e.g. 01-…/bob.py */
  src: string;
  options: RunOptionsInput;
  id?: string;
  region?: string;
  show: Show;
  title?: string;
}

/** `exit` | `exit=N` | `hang` | `signal=SIGNAME` | `timeout` → Expectation (the engine's parser, with a hint). */
export function parseExpect(text: string): Expectation {
  try {
    return parseEngineExpect(text);
  } catch {
    throw new PropError(
      `expect="${text}" is not an expectation`,
      'Valid values are: "exit", "exit=N", "hang", "signal=SIGNAME" (e.g. signal=SIGKILL), "timeout".',
    );
  }
}

/** "60s" | "500ms" | "2m" → milliseconds (the engine's parser, with a hint). */
export function parseDuration(text: string, prop: string): number {
  try {
    return parseEngineDuration(text);
  } catch {
    throw new PropError(`${prop}="${text}" is not a duration`, 'Write a number with a unit: "500ms", "60s" or "2m".');
  }
}

function asString(value: PropValue, prop: string): string {
  if (typeof value === 'string') return value;
  throw new PropError(`${prop} must be a string, got ${JSON.stringify(value)}`, `Write ${prop}="…".`);
}

function asBoolean(value: PropValue, prop: string): boolean {
  if (value === true || value === false) return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new PropError(
    `${prop} must be true or false, got ${JSON.stringify(value)}`,
    `Write ${prop} alone, or ${prop}={false}.`,
  );
}

/** Validate a <Run>'s props (as given in MDX) and build its RunSpec. */
export function runFromProps(props: Record<string, PropValue | undefined>): RunSpec {
  for (const name of Object.keys(props)) {
    if (!(RUN_PROPS as readonly string[]).includes(name)) {
      throw new PropError(`<Run> has no prop "${name}"`, `Valid props are: ${RUN_PROPS.join(', ')}.`);
    }
  }
  if (props.src === undefined) {
    throw new PropError('<Run> needs a src', 'Add src="NN-chapter/file.py" (a path relative to runnable/).');
  }
  const src = asString(props.src, 'src');
  if (!/\.(py|ts)$/.test(src) || src.startsWith('/') || src.split('/').includes('..')) {
    throw new PropError(
      `src="${src}" is not a snippet path`,
      'Give a .py or .ts file relative to runnable/, without "..".',
    );
  }
  const options: RunOptionsInput = {};
  if (props.expect !== undefined) options.expect = parseExpect(asString(props.expect, 'expect'));
  if (props.args !== undefined) {
    const args = props.args;
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
      throw new PropError(
        `args must be an array of strings, got ${JSON.stringify(args)}`,
        'Write args={["--size", "100"]}.',
      );
    }
    options.args = args;
  }
  if (props.timeout !== undefined) options.timeoutMs = parseDuration(asString(props.timeout, 'timeout'), 'timeout');
  if (props.quietMs !== undefined) {
    const quiet = typeof props.quietMs === 'string' ? Number(props.quietMs) : props.quietMs;
    if (typeof quiet !== 'number' || !Number.isInteger(quiet) || quiet <= 0) {
      throw new PropError(
        `quietMs must be a positive whole number, got ${JSON.stringify(props.quietMs)}`,
        'Write quietMs={200}.',
      );
    }
    options.quietMs = quiet;
  }
  if (props.pythonBuffering !== undefined) {
    const buffering = asString(props.pythonBuffering, 'pythonBuffering');
    if (buffering !== 'unbuffered' && buffering !== 'default') {
      throw new PropError(`pythonBuffering="${buffering}" is not valid`, 'Valid values are: "unbuffered", "default".');
    }
    options.pythonBuffering = buffering;
  }
  for (const flag of ['alone', 'allowLeftovers', 'color'] as const) {
    if (props[flag] !== undefined) options[flag] = asBoolean(props[flag], flag);
  }
  const region = props.region === undefined ? undefined : asString(props.region, 'region');
  const show = (props.show === undefined ? (region ? 'region' : 'all') : asString(props.show, 'show')) as Show;
  if (!SHOW_VALUES.includes(show)) {
    throw new PropError(`show="${show}" is not valid`, `Valid values are: ${SHOW_VALUES.join(', ')}.`);
  }
  if (show === 'region' && !region) {
    throw new PropError(
      'show="region" needs a region',
      'Add region="NAME" (marked in the snippet by region NAME / endregion comments).',
    );
  }
  const spec: RunSpec = { src, options, show };
  if (props.id !== undefined) spec.id = asString(props.id, 'id');
  if (region) spec.region = region;
  if (props.title !== undefined) spec.title = asString(props.title, 'title');
  return spec;
}
