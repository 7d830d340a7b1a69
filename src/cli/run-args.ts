// What `hangtime run` was asked, from its command line: the target (a file, or a command after
// `--`) and the run's options. Every mistake is one UsageError naming the argument and what to
// write instead; nothing has run when one is thrown.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration, parseExpect, UsageError, type RunOptionsInput } from '../runner/index.ts';
import { MAX_TIMER_MS } from '../runner/options.ts';
import { repoRoot } from '../shared/paths.ts';

export const RUN_USAGE = 'run: name a file or a command, e.g. hangtime run ./app.py, or hangtime run -- npm test';

/** run's options that take a value, each with an example of one. */
const VALUE_OPTIONS = {
  expect: 'hang',
  timeout: '60s',
  'quiet-ms': '40',
  'stuck-after': '3s',
  'wait-bound': '10s',
  cwd: 'DIR',
  env: 'NAME=VALUE',
} as const;
const OPTION_NAMES = [...Object.keys(VALUE_OPTIONS), 'json'].map((o) => `--${o}`).join(', ');

/** The repository's own snippets run as on their page (a fresh folder); any other program where the reader stands. */
const insideRepo = (abs: string) => !relative(repoRoot, abs).startsWith('..');

/** `--env NAME=VALUE`, or `--env NAME` for the value NAME has here. */
function parseEnv(items: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--env takes NAME=VALUE or NAME, got '${item}'`);
    const value = eq < 0 ? process.env[name] : item.slice(eq + 1);
    if (value === undefined)
      throw new UsageError(`--env ${name}: ${name} is not set here; give a value, --env ${name}=VALUE`);
    env[name] = value;
  }
  return env;
}

/** `parse(value)`, its error named after the option and the value given. */
function option<T>(name: string, value: string, parse: (v: string) => T): T {
  try {
    return parse(value);
  } catch (e) {
    throw new UsageError(`--${name} ${value}: ${(e as Error).message}`);
  }
}

function wholeMs(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_TIMER_MS)
    throw new Error(`takes a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (2^31-1), e.g. --quiet-ms 40`);
  return Number(text);
}

/** node:util's parseArgs error (meant for programmers) as a line for the reader. */
function argError(e: Error & { code?: string }): UsageError {
  const named = /Option '(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? /'(-{1,2}[^']+)'/.exec(e.message)?.[1] ?? '';
  const example = VALUE_OPTIONS[named.replace(/^--/, '') as keyof typeof VALUE_OPTIONS];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return new UsageError(
      `unknown option '${named}' (run's options: ${OPTION_NAMES}); ` +
        `an argument for the program goes after --, e.g. hangtime run FILE -- ${named}`,
    );
  if (/does not take an argument/.test(e.message)) return new UsageError(`${named} takes no value`);
  if (example) return new UsageError(`${named} needs a value, e.g. ${named} ${example}`);
  return new UsageError(e.message.split('\n')[0]!);
}

/** What to run and how, from the command line; a UsageError names what is wrong. */
export function parseRun(argv: string[]): {
  target: { file: string } | { command: string };
  options: RunOptionsInput;
  json: boolean;
} {
  // A value that starts with a dash and a digit (--timeout -5s, --quiet-ms -1) is the option's value,
  // checked below like any other, not a mistyped option.
  const end = argv.indexOf('--') < 0 ? argv.length : argv.indexOf('--');
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [a, next] = [argv[i]!, argv[i + 1]];
    const takesValue = i < end && a.startsWith('--') && Object.hasOwn(VALUE_OPTIONS, a.slice(2));
    if (takesValue && next !== undefined && /^-\d/.test(next)) args.push(`${a}=${argv[++i]}`);
    else args.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        ...Object.fromEntries(Object.keys(VALUE_OPTIONS).map((o) => [o, { type: 'string' as const }])),
        env: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw argError(e as Error);
  }
  const { positionals, tokens } = parsed;
  const values = parsed.values as Partial<Record<keyof typeof VALUE_OPTIONS, string>> & {
    env?: string[];
    json?: boolean;
  };
  // `--` before any file: what follows is a command and its arguments.
  const dashes = tokens.findIndex((t) => t.kind === 'option-terminator');
  const firstPositional = tokens.findIndex((t) => t.kind === 'positional');
  const isCommand = dashes >= 0 && (firstPositional < 0 || dashes < firstPositional);
  if (positionals.length === 0) throw new UsageError(RUN_USAGE);
  const options: RunOptionsInput = { args: positionals.slice(1) };
  if (values.expect !== undefined) options.expect = option('expect', values.expect, parseExpect);
  if (values.timeout !== undefined) options.timeoutMs = option('timeout', values.timeout, parseDuration);
  if (values['stuck-after'] !== undefined)
    options.stuckMs = option('stuck-after', values['stuck-after'], parseDuration);
  if (values['wait-bound'] !== undefined)
    options.waitBoundMs = option('wait-bound', values['wait-bound'], parseDuration);
  if (values['quiet-ms'] !== undefined) options.quietMs = option('quiet-ms', values['quiet-ms'], wholeMs);
  if (values.env) options.env = parseEnv(values.env);
  if (values.cwd !== undefined) {
    if (!existsSync(values.cwd) || !statSync(values.cwd).isDirectory())
      throw new UsageError(`--cwd ${values.cwd}: no such directory`);
    options.cwd = resolve(values.cwd);
  }
  if (isCommand) {
    options.cwd ??= process.cwd();
    return { target: { command: positionals[0]! }, options, json: values.json ?? false };
  }
  // The file as the reader named it (relative to where they stand): the engine's door checks it, once,
  // and names it so in its message.
  const file = positionals[0]!;
  if (!insideRepo(resolve(file))) options.cwd ??= process.cwd();
  return { target: { file }, options, json: values.json ?? false };
}
