// A private copy of the verify fixture (tests/fixtures/verify) per test, and verify run on it
// in-process with its output captured.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '../../../src/verify/cli.ts';

export const fixtureRoot = new URL('../../fixtures/verify/', import.meta.url).pathname;

export interface Copy {
  root: string;
  path(rel: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  edit(rel: string, from: string | RegExp, to: string): void;
  /** The frozen file of a snippet (runnable/01-fixture/<name>…frozen.md). */
  frozen(snippet: string): string;
  remove(): void;
}

export function copyFixture(): Copy {
  const root = mkdtempSync(join(tmpdir(), 'hangtime-verify-test-'));
  cpSync(fixtureRoot, root, { recursive: true });
  const path = (rel: string) => join(root, rel);
  const copy: Copy = {
    root,
    path,
    read: (rel) => readFileSync(path(rel), 'utf8'),
    write: (rel, text) => writeFileSync(path(rel), text),
    edit: (rel, from, to) => {
      const before = copy.read(rel);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`edit of ${rel}: ${String(from)} not found`);
      copy.write(rel, after);
    },
    frozen: (snippet) => {
      const dir = path('runnable/01-fixture');
      const name = readdirSync(dir).find((f) => f.startsWith(`${snippet}.`) && f.endsWith('.frozen.md'));
      if (!name) throw new Error(`no frozen file for ${snippet}`);
      return `runnable/01-fixture/${name}`;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return copy;
}

export async function verify(
  args: string[],
  env: NodeJS.ProcessEnv = { ...process.env, CI: '' },
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyCommand(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
  });
  return { code, out, err };
}
