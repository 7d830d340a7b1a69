// `hangtime run FILE [ARGS…]` and `hangtime run -- COMMAND [ARGS…]`: a reader's way to run one
// snippet and see what the page shows, or to run any program of their own (a .py, .ts or .js file
// anywhere, or any executable) and be told whether it hangs, with the same status line, autopsy
// and exit codes (0 met the expectation, 1 did not, 2 bad input: nothing ran).
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  languageOf,
  parseDuration,
  parseExpect,
  runCommand as runExecutable,
  runSnippet,
  UsageError,
  type RunOptionsInput,
  type RunResult,
} from '../runner/index.ts';
import { checkExpectation, formatStatus } from '../explain/status.ts';
import { repoRoot } from '../shared/paths.ts';

/**
 * Validates a file to run at the door: exists, is a file, has a known extension. Anywhere: a reader's
 * own program too.
 */
export function checkSnippetPath(file: string): string {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new UsageError(`${file}: no such file`);
  if (!statSync(abs).isFile()) throw new UsageError(`${file}: not a file (hangtime runs one .py, .ts or .js file)`);
  languageOf(abs);
  return abs;
}

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

/** The autopsy under a hung run's status line, as text ('' when the run has none). */
export async function renderAutopsy(r: RunResult): Promise<string> {
  if (!r.autopsy) return '';
  const { renderAutopsyText } = await import('../explain/autopsy-text.ts');
  return renderAutopsyText(r.autopsy);
}

const USAGE = 'run: name a file or a command, e.g. hangtime run ./app.py, or hangtime run -- npm test';

/** What to run and how, from the command line; a UsageError names what is wrong. */
function parseRun(argv: string[]): {
  target: { file: string } | { command: string };
  options: RunOptionsInput;
  json: boolean;
} {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      expect: { type: 'string' },
      timeout: { type: 'string' },
      'quiet-ms': { type: 'string' },
      'stuck-after': { type: 'string' },
      'wait-bound': { type: 'string' },
      cwd: { type: 'string' },
      env: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
  // `--` before any file: what follows is a command and its arguments.
  const dashes = tokens.findIndex((t) => t.kind === 'option-terminator');
  const firstPositional = tokens.findIndex((t) => t.kind === 'positional');
  const isCommand = dashes >= 0 && (firstPositional < 0 || dashes < firstPositional);
  if (positionals.length === 0) throw new UsageError(USAGE);
  const options: RunOptionsInput = { args: positionals.slice(1) };
  if (values.expect) options.expect = parseExpect(values.expect);
  if (values.timeout) options.timeoutMs = parseDuration(values.timeout);
  if (values['stuck-after']) options.stuckMs = parseDuration(values['stuck-after']);
  if (values['wait-bound']) options.waitBoundMs = parseDuration(values['wait-bound']);
  if (values['quiet-ms']) {
    if (!/^\d+$/.test(values['quiet-ms']) || Number(values['quiet-ms']) === 0)
      throw new UsageError(`--quiet-ms takes a whole number of milliseconds, got '${values['quiet-ms']}'`);
    options.quietMs = Number(values['quiet-ms']);
  }
  if (values.env) options.env = parseEnv(values.env);
  if (values.cwd) {
    if (!existsSync(values.cwd) || !statSync(values.cwd).isDirectory())
      throw new UsageError(`--cwd ${values.cwd}: no such directory`);
    options.cwd = resolve(values.cwd);
  }
  if (isCommand) {
    options.cwd ??= process.cwd();
    return { target: { command: positionals[0]! }, options, json: values.json ?? false };
  }
  const file = checkSnippetPath(positionals[0]!);
  if (!insideRepo(file)) options.cwd ??= process.cwd();
  return { target: { file }, options, json: values.json ?? false };
}

export async function runCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseRun>;
  try {
    parsed = parseRun(argv);
  } catch (e) {
    console.error(`hangtime: ${(e as Error).message.replace(/^TypeError \[\w+\]: /, '')}`);
    return 2;
  }
  const { target, options, json } = parsed;
  let result: RunResult;
  try {
    const effects = json
      ? {}
      : {
          onChunk: (c: { stream: string; text: string }) =>
            (c.stream === 'stderr' ? process.stderr : process.stdout).write(c.text),
        };
    result =
      'command' in target
        ? await runExecutable(target.command, options, effects)
        : await runSnippet(target.file, options, effects);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`hangtime: ${e.message}`);
    return 2;
  }
  const { pass, message } = checkExpectation(result);
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    if (result.transcript.droppedBytes > 0) process.stdout.write(result.transcript.chunks.at(-1)!.text);
    process.stdout.write(`\n${pass ? '✓' : '✗'} ${formatStatus(result)}\n`);
    const autopsy = await renderAutopsy(result);
    if (autopsy) process.stdout.write(`\n${autopsy}\n`);
    if (!pass) process.stderr.write(`\n${message}\n`);
  }
  return pass ? 0 : 1;
}
