// `hangtime lint [DIR] [--root ROOT]`: the checks that need no run, for `npm test`.
//   without DIR: the prose lint of ROOT/content/chapters and the frozen records of ROOT (default
//                this repository): each exists, is current, shows one run's numbers
//                (src/verify/records.ts)
//   with DIR:    the prose lint of that folder alone
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '../shared/paths.ts';
import { lintChapters } from './lint.ts';

export interface LintIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = 'usage: hangtime lint [DIR] [--root ROOT]';

/** The folder to lint, or why it cannot be: missing, not a folder, or no chapter (.mdx file) in it. */
function chaptersIn(dir: string): string | null {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return `${dir}: not a folder; name the folder that holds the chapters (.mdx)`;
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${dir}: no such folder` : `cannot read ${dir} (${code ?? (e as Error).message})`;
  }
  return names.some((n) => n.endsWith('.mdx'))
    ? null
    : `${dir}: no chapters here (no .mdx file): nothing to lint; name the folder that holds them`;
}

/** `hangtime lint`: exit 1 on a problem, 2 on bad input. */
export async function lintCommand(argv: string[], io: LintIo): Promise<number> {
  const usage = (why: string) => (io.stderr.write(`hangtime lint: ${why}\n${USAGE}\n`), 2);
  let root: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--root' || arg.startsWith('--root=')) {
      root = arg.includes('=') ? arg.slice('--root='.length) : argv[++i];
      if (!root) return usage('--root needs a folder, e.g. --root .');
    } else if (arg === '--help' || arg === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-')) return usage(`unknown option '${arg}'`);
    else dirs.push(arg);
  }
  if (dirs.length > 1) return usage(`one folder at most, got ${dirs.length}: ${dirs.join(' ')}`);
  const dir = dirs[0] ?? join(resolve(root ?? repoRoot), 'content', 'chapters');
  const missing = chaptersIn(dir);
  if (missing) {
    io.stderr.write(`hangtime lint: ${missing}\n`);
    return 2;
  }
  let failed = 0;
  try {
    const problems = lintChapters(dir);
    for (const p of problems) io.stdout.write(`${p.message}\n`);
    io.stdout.write(`lint: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}\n`);
    failed += problems.length;
    if (dirs[0] === undefined) {
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
