// `hangtime lint [DIR]`: the prose lint of every chapter (default content/chapters).
import { join } from 'node:path';
import { repoRoot } from '../shared/paths.ts';
import { lintChapters } from './lint.ts';

export interface LintIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** `hangtime lint [DIR]`: the prose lint of every chapter (default content/chapters); exit 1 on a problem. */
export async function lintCommand(argv: string[], io: LintIo): Promise<number> {
  const dir = argv[0] ?? join(repoRoot, 'content', 'chapters');
  let problems;
  try {
    problems = lintChapters(dir);
  } catch (e) {
    io.stderr.write(`hangtime lint: ${(e as Error).message}\n`);
    return 2;
  }
  for (const p of problems) io.stdout.write(`${p.message}\n`);
  io.stdout.write(`lint: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}\n`);
  return problems.length ? 1 : 0;
}
