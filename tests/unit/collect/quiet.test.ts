// A claim that needs a quiet machine, end to end: verify --update freezes two runs of a fixture
// chapter, one record is made to say its machine was busy, and a frozen build shows the claim of
// the quiet run and, in place of the busy one's, a note saying how busy the machine was.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { verifyCommand } from '../../../src/verify/cli.ts';
import { astroBuild, buildDirs } from '../../astro-build.ts';

const root = path.resolve(import.meta.dirname, '../../..');

test('<Quiet>: the claim on a quiet machine, a visible note on a busy one', { timeout: 5 * 60_000 }, async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hangtime-quiet-'));
  try {
    const site = path.join(scratch, 'site');
    cpSync(path.join(root, 'tests/fixtures/quiet'), site, { recursive: true });
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } };
    assert.equal(await verifyCommand(['--root', site, '--update'], { ...io, env: { ...process.env, CI: '' } }), 0, out);
    const dir = path.join(site, 'runnable/01-quiet');
    const setLoad = (id: string, load: number) => {
      const file = path.join(
        dir,
        readdirSync(dir).find((f) => f.includes(`.${id}.frozen.md`))!,
      );
      const text = readFileSync(file, 'utf8');
      assert.match(text, /^ {2}load: \[[\d., ]+\]$/m, 'the record says how busy the machine was');
      writeFileSync(file, text.replace(/^ {2}load: \[[\d., ]+\]$/m, `  load: [${load}, ${load}, ${load}]`));
    };
    setLoad('calm', 0.1);
    setLoad('busy', 9.5);
    const result = astroBuild({
      HANGTIME_RUNS: 'frozen',
      HANGTIME_CONTENT_DIR: path.join(site, 'content/chapters'),
      HANGTIME_RUNNABLE_DIR: path.join(site, 'runnable'),
      ...buildDirs(scratch),
    });
    assert.equal(result.status, 0, result.output.slice(-3000));
    const html = readFileSync(path.join(scratch, 'dist/01-quiet/index.html'), 'utf8');
    assert.match(html, /On a quiet machine, processes beat threads\./);
    assert.doesNotMatch(html, /this claim is replaced/);
    assert.match(
      html,
      new RegExp(
        /data-busy-note="busy_order"[^>]*>\s*The claim made here means something only on a quiet machine, /.source +
          /and the machine that ran it was busy \(a load average of 9\.50 on \d+ cores?;/.source,
      ),
    );
    assert.match(html, /load average 9\.50\)/, 'the provenance line says it too');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
