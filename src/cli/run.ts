// `hangtime run FILE [ARGS…]` and `hangtime run -- COMMAND [ARGS…]`: a reader's way to run one
// snippet and see what the page shows, or to run any program of their own (a .py, .ts, .mts, .js,
// .mjs or .cjs file anywhere, or any executable) and be told whether it hangs, with the same status
// line, autopsy and exit codes (0 met the expectation, 1 did not, 2 bad input: nothing ran, 130
// interrupted: the run was killed with its whole tree).
import { runCommand as runExecutable, runSnippet, UsageError, type RunResult } from '../runner/index.ts';
import { constants } from 'node:os';
import { parseRun } from './run-args.ts';

/** What `run` and `chapter` say when Ctrl-C (SIGINT) ended the run in flight; their exit status is then 130. */
export const INTERRUPTED = 'interrupted: the run in flight was killed with its whole process tree';

/** The signals that end `run` and `chapter` early: each kills the run in flight first and is said. */
const STOPS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What is said when `signal` ended the run in flight (INTERRUPTED for Ctrl-C), and the exit status (128 + n). */
export function stoppedBy(signal: (typeof STOPS)[number]): { words: string; status: number } {
  const words =
    signal === 'SIGINT'
      ? INTERRUPTED
      : `stopped by ${signal}: the run in flight was killed with its whole process tree`;
  return { words, status: 128 + constants.signals[signal] };
}

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP abort `controller` (the engine then kills the run's tree), and
 * a second one exits at once (the engine's exit hook kills what is left). Listeners that stay for
 * the whole run: the engine re-raises a signal nobody else listens to, which would end this
 * process before it says why or cleans up. Returns how to remove them, and which signal came.
 */
export function abortOnSignals(controller: AbortController): { stop(): void; signal(): (typeof STOPS)[number] | null } {
  let came: (typeof STOPS)[number] | null = null;
  const on = (signal: (typeof STOPS)[number]) => () => {
    if (controller.signal.aborted) process.exit(stoppedBy(came ?? signal).status);
    came = signal;
    controller.abort();
  };
  const handlers = STOPS.map((signal) => [signal, on(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return {
    stop: () => handlers.forEach(([signal, handler]) => process.removeListener(signal, handler)),
    signal: () => came,
  };
}

/**
 * A reader that stops reading this process's output (`hangtime run … | head -1`): the run in
 * flight is stopped as for a signal, nothing more is written, and the exit status is 141 (128 +
 * SIGPIPE), as a program killed by SIGPIPE would give. Returns whether that happened.
 */
function stopOnClosedOutput(controller: AbortController): () => boolean {
  let closed = false;
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
    controller.abort();
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
  return () => closed;
}

/** The autopsy under a hung run's status line, as text ('' when the run has none). */
export async function renderAutopsy(r: RunResult): Promise<string> {
  if (!r.autopsy) return '';
  const { renderAutopsyText } = await import('../explain/autopsy-text.ts');
  return renderAutopsyText(r.autopsy);
}

let words: Promise<typeof import('../explain/status.ts')> | null = null;
const status = () => (words ??= import('../explain/status.ts'));

export async function runCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseRun>;
  try {
    parsed = parseRun(argv);
  } catch (e) {
    console.error(`hangtime: ${(e as Error).message}`);
    return 2;
  }
  const { target, options, json } = parsed;
  // Ctrl-C: the engine kills the run's whole tree, the run ends as interrupted, and this says so.
  const controller = new AbortController();
  const listening = abortOnSignals(controller);
  const outputClosed = stopOnClosedOutput(controller);
  let result: RunResult;
  try {
    const effects = {
      signal: controller.signal,
      // The status line's words load while the program runs, not after it.
      onStart: () => void status(),
      ...(json
        ? {}
        : {
            // The bytes as the program wrote them, all of them: the record's cap and its UTF-8
            // decoding are the record's, not the terminal's.
            onBytes: (stream: 'stdout' | 'stderr', bytes: Buffer) =>
              (stream === 'stderr' ? process.stderr : process.stdout).write(bytes),
          }),
    };
    result =
      'command' in target
        ? await runExecutable(target.command, options, effects)
        : await runSnippet(target.file, options, effects);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`hangtime: ${e.message}`);
    return 2;
  } finally {
    listening.stop();
  }
  if (outputClosed()) return 141;
  const by = listening.signal();
  if (by) {
    process.stderr.write(`\n${stoppedBy(by).words}\n`);
    return stoppedBy(by).status;
  }
  const { checkExpectation, formatStatus } = await status();
  const { pass, message } = checkExpectation(result);
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    process.stdout.write(`\n${pass ? '✓' : '✗'} ${formatStatus(result)}\n`);
    const autopsy = await renderAutopsy(result);
    if (autopsy) process.stdout.write(`\n${autopsy}\n`);
    if (!pass) process.stderr.write(`\n${message}\n`);
  }
  return pass ? 0 : 1;
}
