// `hangtime lint [DIR] [--root ROOT]`: the checks that need no run, for `npm test`.
//   without DIR: the prose lint of ROOT/content/chapters and the frozen records of ROOT (default
//                this repository): each exists, is current, shows one run's numbers
//                (src/verify/records.ts)
//   with DIR:    the prose lint of that folder alone
import { join, resolve } from 'node:path';
import { repoRoot } from '../shared/paths.ts';
import { lintChapters } from './lint.ts';

export interface LintIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** `hangtime lint`: exit 1 on a problem, 2 on bad input. */
export async function lintCommand(argv: string[], io: LintIo): Promise<number> {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? argv[rootAt + 1] : undefined;
  if (rootAt >= 0 && !root) {
    io.stderr.write('hangtime lint: --root needs a folder\nusage: hangtime lint [DIR] [--root ROOT]\n');
    return 2;
  }
  const rest = rootAt < 0 ? argv : argv.filter((_, i) => i !== rootAt && i !== rootAt + 1);
  const dir = rest[0] ?? join(resolve(root ?? repoRoot), 'content', 'chapters');
  let failed = 0;
  try {
    const problems = lintChapters(dir);
    for (const p of problems) io.stdout.write(`${p.message}\n`);
    io.stdout.write(`lint: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}\n`);
    failed += problems.length;
    if (rest[0] === undefined) {
      // Loaded here: the prose lint alone needs nothing of the records.
      const { checkRecords } = await import('../verify/records.ts');
      const records = checkRecords(resolve(root ?? repoRoot));
      for (const p of records.problems) io.stdout.write(`${p}\n`);
      io.stdout.write(
        `records: ${records.problems.length} problem${records.problems.length === 1 ? '' : 's'} ` +
          `in ${records.records} frozen records\n`,
      );
      failed += records.problems.length;
    }
  } catch (e) {
    io.stderr.write(`hangtime lint: ${(e as Error).message}\n`);
    return 2;
  }
  return failed ? 1 : 0;
}
