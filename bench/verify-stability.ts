// How stable is verify? Freezes a private copy of the chapters and snippets once, then runs
// `verify` on it N times in a row and M times while every core is saturated by a busy loop,
// and prints every spurious diff (a run that failed although nothing changed). Figures, not a test.
//
//   node bench/verify-stability.ts [--runs 10] [--loaded 3] [--root DIR] [--chapter 04 …] [--refreeze]
// The copy keeps the committed frozen files (with their wildcards and redactions); the first
// round only fills in what is missing or stale. --refreeze starts from none.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../src/shared/paths.ts';
import { verifyCommand } from '../src/verify/cli.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const runs = Number(option('--runs', '10'));
const loaded = Number(option('--loaded', '3'));
const source = resolve(option('--root', repoRoot));
const chapters = argv.flatMap((a, i) => (argv[i - 1] === '--chapter' ? [a] : []));

const copy = mkdtempSync(join(tmpdir(), 'hangtime-stability-'));
mkdirSync(join(copy, 'content'));
cpSync(join(source, 'content', 'chapters'), join(copy, 'content', 'chapters'), { recursive: true });
const refreeze = argv.includes('--refreeze');
cpSync(join(source, 'runnable'), join(copy, 'runnable'), {
  recursive: true,
  filter: (f) => !(refreeze && f.endsWith('.frozen.md')),
});

interface Round {
  label: string;
  seconds: number;
  passed: number;
  failed: number;
  failures: string[];
}

async function verifyOnce(label: string, extra: string[] = []): Promise<Round> {
  let out = '';
  let err = '';
  const t0 = performance.now();
  const code = await verifyCommand(['--root', copy, ...extra, ...chapters], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { ...process.env, CI: '' },
  });
  const seconds = (performance.now() - t0) / 1000;
  const [, passed, failed] = /(\d+) passed, (\d+) failed\s*$/.exec(out) ?? [, '0', '0'];
  const failures: string[] = [];
  let current = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('FAIL ')) {
      current = line.slice(5).split('  ').slice(0, 2).join(' ');
      continue;
    }
    if (current && /^ {5}- /.test(line)) failures.push(`${current}: ${line.slice(7, 200)}`);
    if (current && /^ {5}[+-](?![+-])/.test(line)) failures.push(`${current}:   ${line.slice(5, 200)}`);
  }
  if (code === 2) failures.push(`verify exited 2: ${err.slice(-500)}`);
  const round = { label, seconds, passed: Number(passed), failed: Number(failed), failures };
  console.log(`${label.padEnd(14)} ${round.passed} passed, ${round.failed} failed  ${seconds.toFixed(1)} s`);
  return round;
}

function startLoad(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

async function stopLoad(load: ChildProcess[]): Promise<void> {
  await Promise.all(
    load.map(
      (c) =>
        new Promise<void>((done) => {
          if (c.exitCode !== null || c.signalCode !== null) return done();
          c.once('exit', () => done());
          c.kill('SIGKILL');
        }),
    ),
  );
}

const rounds: Round[] = [];
let load: ChildProcess[] = [];
try {
  const freeze = await verifyOnce('freeze', ['--update']);
  if (freeze.failures.length > 0)
    console.log(
      '  (freezing left failures: missed expectations, pins or errors; not counted below)\n' +
        freeze.failures.map((f) => `    ${f}`).join('\n'),
    );
  for (let i = 1; i <= runs; i++) rounds.push(await verifyOnce(`quiet ${i}/${runs}`));
  load = startLoad(cpus().length);
  console.log(`-- ${load.length} busy loops started (pids ${load.map((c) => c.pid).join(', ')})`);
  for (let i = 1; i <= loaded; i++) rounds.push(await verifyOnce(`loaded ${i}/${loaded}`));
} finally {
  await stopLoad(load);
  rmSync(copy, { recursive: true, force: true });
}

const perRun = rounds.length ? rounds[0]!.passed + rounds[0]!.failed : 0;
const spurious = rounds.reduce((s, r) => s + r.failed, 0);
const failedIn = (kind: string) => rounds.filter((r) => r.label.startsWith(kind)).reduce((s, r) => s + r.failed, 0);
console.log(
  `\nverify stability: ${rounds.length} rounds × ${perRun} runs; spurious diffs: ${spurious} ` +
    `(quiet ${failedIn('quiet')}, loaded ${failedIn('loaded')})`,
);
const counts = new Map<string, number>();
for (const r of rounds) for (const f of r.failures) counts.set(f, (counts.get(f) ?? 0) + 1);
for (const [f, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(2)}× ${f}`);
const times = rounds.map((r) => r.seconds).sort((a, b) => a - b);
if (times.length)
  console.log(
    `time per verify: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} s, ` +
      `max ${times[times.length - 1]!.toFixed(1)} s`,
  );
