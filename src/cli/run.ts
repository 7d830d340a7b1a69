// `hangtime run <file>`: a reader's way to run one snippet and see what the page shows.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  languageOf,
  parseDuration,
  parseExpect,
  runSnippet,
  UsageError,
  type RunOptionsInput,
  type RunResult,
} from '../runner/index.ts';
import { checkExpectation, formatStatus } from '../explain/status.ts';
import { repoRoot } from '../shared/paths.ts';

const ALLOWED = ['runnable', 'tests/fixtures'];

/** Validates a snippet path at the door: exists, is a file under runnable/ or tests/fixtures/ (after realpath), known extension. */
export function checkSnippetPath(file: string): string {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new UsageError(`${file}: no such file`);
  if (!statSync(abs).isFile()) throw new UsageError(`${file}: not a file (hangtime runs one .py or .ts file)`);
  // After every symlink is resolved: a link under runnable/ that points elsewhere is not a snippet.
  const rel = relative(realpathSync(repoRoot), realpathSync(abs));
  if (!ALLOWED.some((dir) => rel.startsWith(dir + '/')))
    throw new UsageError(`${file}: hangtime runs snippets under ${ALLOWED.map((d) => d + '/').join(' or ')} only`);
  languageOf(abs);
  return abs;
}

/** The autopsy under a hung run's status line, as text ('' when the run has none). */
export async function renderAutopsy(r: RunResult): Promise<string> {
  if (!r.autopsy) return '';
  const { renderAutopsyText } = await import('../explain/autopsy-text.ts');
  return renderAutopsyText(r.autopsy);
}

export async function runCommand(argv: string[]): Promise<number> {
  let file: string;
  const options: RunOptionsInput = {};
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        expect: { type: 'string' },
        timeout: { type: 'string' },
        'quiet-ms': { type: 'string' },
        'stuck-after': { type: 'string' },
        'wait-bound': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length === 0)
      throw new UsageError(
        'run: name a snippet file, e.g. hangtime run runnable/01-a-program-that-never-finishes/bob.py',
      );
    file = checkSnippetPath(positionals[0]!);
    options.args = positionals.slice(1);
    if (values.expect) options.expect = parseExpect(values.expect);
    if (values.timeout) options.timeoutMs = parseDuration(values.timeout);
    if (values['stuck-after']) options.stuckMs = parseDuration(values['stuck-after']);
    if (values['wait-bound']) options.waitBoundMs = parseDuration(values['wait-bound']);
    if (values['quiet-ms']) {
      if (!/^\d+$/.test(values['quiet-ms']) || Number(values['quiet-ms']) === 0)
        throw new UsageError(`--quiet-ms takes a whole number of milliseconds, got '${values['quiet-ms']}'`);
      options.quietMs = Number(values['quiet-ms']);
    }
    json = values.json ?? false;
  } catch (e) {
    console.error(`hangtime: ${(e as Error).message.replace(/^TypeError \[\w+\]: /, '')}`);
    return 2;
  }
  let result: RunResult;
  try {
    result = await runSnippet(
      file,
      options,
      json ? {} : { onChunk: (c) => (c.stream === 'stderr' ? process.stderr : process.stdout).write(c.text) },
    );
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
