// `hangtime chapter <number|slug>`: a chapter's runs, in page order, in the terminal,
// each executed now (never from the cache) with its output streamed and its status
// line: the reader's way to follow a chapter at home.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chapterFiles, chapterId, chapterMatches, chaptersDir, collectChapter, snippetRoot } from '../collect/index.ts';
import { checkExpectation, formatExpect, formatStatus } from '../explain/status.ts';
import { checkRunOptions, checkSnippet, runSnippet } from '../runner/index.ts';
import { repoRoot } from '../shared/paths.ts';
import { abortOnSignals, renderAutopsy, stoppedBy } from './run.ts';

export interface ChapterEffects {
  stdout: NodeJS.WritableStream;
  /** Where the snippets' stderr goes. @default stdout */
  stderr?: NodeJS.WritableStream;
  /** Aborting kills the run in flight and stops. */
  signal?: AbortSignal;
}

/**
 * The chapter file for "1", "01", "01-a-program…" or "a-program…"; an error lists the chapters. The
 * chapters are this repository's, wherever the reader stands (HANGTIME_CONTENT_DIR names others).
 */
export function findChapter(wanted: string, dir = chaptersDir(repoRoot)): string {
  if (!existsSync(dir))
    throw new Error(`no chapters folder at ${dir}: HANGTIME_CONTENT_DIR names one that is not there`);
  const files = chapterFiles(dir);
  const match = files.find((f) => chapterMatches(f, wanted.replace(/\.mdx$/, '')));
  if (!match) {
    const known = files.map((f) => `  ${chapterId(f)}`).join('\n') || '  (none yet)';
    const shown = path.relative(process.cwd(), dir);
    throw new Error(`no chapter "${wanted}" in ${shown.startsWith('..') || !shown ? dir : shown}. Chapters:\n${known}`);
  }
  return match;
}

/** `hangtime chapter <number|slug>`: the exit status (2 for a usage error). */
export async function chapterCommand(argv: string[]): Promise<number> {
  if (argv.length !== 1) {
    console.error('hangtime: chapter takes one chapter number or slug, e.g. hangtime chapter 1');
    return 2;
  }
  return runChapter(argv[0]!, { stdout: process.stdout });
}

/** Run one chapter's runs in page order; 0 when every run met its expectation, 1 otherwise, 2 for a usage error. */
export async function runChapter(numberOrSlug: string, effects: ChapterEffects): Promise<number> {
  const out = effects.stdout;
  const err = effects.stderr ?? out;
  let file: string;
  let runs;
  try {
    file = findChapter(numberOrSlug);
    runs = collectChapter(file, {
      snippetRoot: snippetRoot(repoRoot),
      displayPath: path.relative(process.cwd(), file),
    }).runs;
    // Every snippet through the engine's door before the first one runs: a bad one stops the chapter whole.
    for (const run of runs) {
      try {
        checkSnippet(path.join(snippetRoot(repoRoot), run.src));
      } catch (e) {
        throw new Error(`${path.relative(process.cwd(), file)}:${run.line}: ${(e as Error).message}`);
      }
    }
  } catch (error) {
    err.write(`hangtime: ${(error as Error).message}\n`);
    return 2;
  }
  const controller = new AbortController();
  const abort = () => controller.abort();
  effects.signal?.addEventListener('abort', abort);
  const listening = abortOnSignals(controller);
  let failures = 0;
  try {
    out.write(`${path.relative(process.cwd(), file)}: ${runs.length} run${runs.length === 1 ? '' : 's'}\n`);
    for (const [index, run] of runs.entries()) {
      if (controller.signal.aborted) break;
      const expect = checkRunOptions(run.options).expect;
      out.write(
        `\n── [${index + 1}/${runs.length}] line ${run.line}: ` +
          `${run.title ?? run.src} (expect ${formatExpect(expect)})\n`,
      );
      const result = await runSnippet(path.join(snippetRoot(repoRoot), run.src), run.options, {
        signal: controller.signal,
        onChunk: (chunk) => (chunk.stream === 'stderr' ? err : out).write(chunk.text),
      });
      const { pass } = checkExpectation(result);
      if (!pass) failures++;
      out.write(`$ ${result.command}\n${pass ? '✓' : '✗'} ${formatStatus(result)}\n`);
      const autopsy = await renderAutopsy(result);
      if (autopsy) out.write(`${autopsy}\n`);
    }
  } finally {
    listening.stop();
    effects.signal?.removeEventListener('abort', abort);
  }
  if (controller.signal.aborted) {
    const { words, status } = stoppedBy(listening.signal() ?? 'SIGINT');
    out.write(`\n${words}\n`);
    return status;
  }
  out.write(
    failures === 0
      ? '\nevery run met its expectation\n'
      : `\n${failures} of ${runs.length} runs missed their expectation\n`,
  );
  return failures === 0 ? 0 : 1;
}
