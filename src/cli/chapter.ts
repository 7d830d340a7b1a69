// `hangtime chapter <number|slug>`: a chapter's runs, in page order, in the terminal,
// each executed now (never from the cache) with its output streamed and its status
// line: the reader's way to follow a chapter at home.
import path from 'node:path';
import { chapterFiles, chapterId, chapterMatches, chaptersDir, collectChapter, snippetRoot } from '../collect/index.ts';
import { checkExpectation, formatExpect, formatStatus } from '../explain/status.ts';
import { RunOptions, runSnippet } from '../runner/index.ts';
import { renderAutopsy } from './run.ts';

export interface ChapterEffects {
  stdout: NodeJS.WritableStream;
  /** Where the snippets' stderr goes. @default stdout */
  stderr?: NodeJS.WritableStream;
  /** Aborting kills the run in flight and stops. */
  signal?: AbortSignal;
}

/** The chapter file for "1", "01", "01-a-program…" or "a-program…"; an error lists the chapters. */
export function findChapter(wanted: string, dir = chaptersDir()): string {
  const files = chapterFiles(dir);
  const match = files.find((f) => chapterMatches(f, wanted.replace(/\.mdx$/, '')));
  if (!match) {
    const known = files.map((f) => `  ${chapterId(f)}`).join('\n') || '  (none yet)';
    throw new Error(`no chapter "${wanted}" in ${path.relative(process.cwd(), dir) || dir}. Chapters:\n${known}`);
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
    runs = collectChapter(file, { snippetRoot: snippetRoot(), displayPath: path.relative(process.cwd(), file) }).runs;
  } catch (error) {
    err.write(`hangtime: ${(error as Error).message}\n`);
    return 2;
  }
  const controller = new AbortController();
  const abort = () => controller.abort();
  effects.signal?.addEventListener('abort', abort);
  process.once('SIGINT', abort);
  let failures = 0;
  try {
    out.write(`${path.relative(process.cwd(), file)}: ${runs.length} run${runs.length === 1 ? '' : 's'}\n`);
    for (const [index, run] of runs.entries()) {
      if (controller.signal.aborted) break;
      const expect = RunOptions.parse(run.options).expect;
      out.write(
        `\n── [${index + 1}/${runs.length}] line ${run.line}: ` +
          `${run.title ?? run.src} (expect ${formatExpect(expect)})\n`,
      );
      const result = await runSnippet(path.join(snippetRoot(), run.src), run.options, {
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
    process.removeListener('SIGINT', abort);
    effects.signal?.removeEventListener('abort', abort);
  }
  if (controller.signal.aborted) {
    out.write('\ninterrupted: the run in flight was killed with its whole process tree\n');
    return 130;
  }
  out.write(
    failures === 0
      ? '\nevery run met its expectation\n'
      : `\n${failures} of ${runs.length} runs missed their expectation\n`,
  );
  return failures === 0 ? 0 : 1;
}
