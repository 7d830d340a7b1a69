// `hangtime run FILE [ARGS…]` and `hangtime run -- COMMAND [ARGS…]`: a reader's way to run one
// snippet and see what the page shows, or to run any program of their own (a .py, .ts, .mts, .js,
// .mjs or .cjs file anywhere, or any executable) and be told whether it hangs, with the same status
// line, autopsy and exit codes (0 met the expectation, 1 did not, 2 bad input: nothing ran, 130
// interrupted: the run was killed with its whole tree).
import { runCommand as runExecutable, runSnippet, UsageError, type RunResult } from '../runner/index.ts';
import { parseRun } from './run-args.ts';

/** What `run` and `chapter` say when Ctrl-C (SIGINT) ended the run in flight; their exit status is then 130. */
export const INTERRUPTED = 'interrupted: the run in flight was killed with its whole process tree';

/**
 * Ctrl-C (SIGINT) aborts `controller` (the engine then kills the run's tree) and a second one exits
 * at once (the engine's exit hook kills what is left). A listener that stays for the whole run: the
 * engine re-raises a signal nobody else listens to, which would end this process before it says why.
 * Returns the function that removes it.
 */
export function abortOnSigint(controller: AbortController): () => void {
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', onSigint);
  return () => process.removeListener('SIGINT', onSigint);
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
  const stopListening = abortOnSigint(controller);
  let result: RunResult;
  try {
    const effects = {
      signal: controller.signal,
      // The status line's words load while the program runs, not after it.
      onStart: () => void status(),
      ...(json
        ? {}
        : {
            onChunk: (c: { stream: string; text: string }) =>
              (c.stream === 'stderr' ? process.stderr : process.stdout).write(c.text),
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
    stopListening();
  }
  if (controller.signal.aborted) {
    process.stderr.write(`\n${INTERRUPTED}\n`);
    return 130;
  }
  const { checkExpectation, formatStatus } = await status();
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
