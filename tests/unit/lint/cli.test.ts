// The lint command: each problem printed, exit 1; exit 0 when the chapters are clean.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('lintCommand prints each problem and exits 1, 0 when clean', async () => {
  const { lintCommand } = await import('../../../src/lint/cli.ts');
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-lint-'));
  try {
    writeFileSync(join(dir, '01-a.mdx'), 'A pipe of 65536 bytes.\n');
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
    assert.equal(await lintCommand([dir], io), 1);
    assert.match(out, /01-a\.mdx:1: bare number 65536 in prose/);
    assert.match(out, /lint: 1 problem in /);
    writeFileSync(join(dir, '01-a.mdx'), 'A pipe of <Value name="cap" /> bytes.\n');
    assert.equal(await lintCommand([dir], io), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lintCommand: bad input is one line naming the folder or the argument, exit 2, never "0 problems"', async () => {
  const { lintCommand } = await import('../../../src/lint/cli.ts');
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-lint-'));
  try {
    writeFileSync(join(dir, 'ok.py'), 'print(1)\n');
    for (const [args, message] of [
      [[join(dir, 'none')], /^hangtime lint: .*none: no such folder\n$/],
      [[join(dir, 'ok.py')], /^hangtime lint: .*ok\.py: not a folder; name the folder that holds the chapters/],
      [[dir], /^hangtime lint: .*: no chapters here \(no \.mdx file\): nothing to lint/],
      [['--root', join(dir, 'none')], /^hangtime lint: .*none\/content\/chapters: no such folder\n$/],
      [['--root'], /^hangtime lint: --root needs a folder/],
      [['--bogus'], /^hangtime lint: unknown option '--bogus'\nusage: hangtime lint/],
      [[dir, dir], /^hangtime lint: one folder at most, got 2/],
    ] as const) {
      let out = '';
      let err = '';
      const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
      assert.equal(await lintCommand([...args], io), 2, args.join(' '));
      assert.match(err, message);
      assert.doesNotMatch(err, /ENOENT|ENOTDIR|scandir/);
      assert.equal(out, '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
