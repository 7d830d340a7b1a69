// The proof's figures (not tests), through runSnippet as a chapter run goes:
//   1. confirmation: in-tree hangs, each ROUNDS times, idle and with both cores loaded: ms from the
//      moment the tree went quiet to the confirmed `hang` (the analysis of the wait-for graph and
//      the second look included), the analysis's own wall time, and spawn to kill;
//   2. watcher cost: CPU time of this (engine) process per second of wall time while a program
//      with 200 threads in timed waits runs: one long sleep each, and naps of 100 ms.
// The machine's load average is printed beside each part: on a shared machine it bends them all.
// Run: npm run bench -- proof   (or node bench/proof.ts [confirm|watcher])
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSnippet, type RunOptionsInput } from '../src/runner/index.ts';
import { stopUnixDiag } from '../src/runner/waits/index.ts';
import { loadCores } from './engine.ts';
import { repoRoot } from '../src/shared/paths.ts';

const ROUNDS = 8;
const hangs = join(repoRoot, 'tests', 'fixtures', 'hangs');
const runner = join(repoRoot, 'tests', 'fixtures', 'runner');
const dir = mkdtempSync(join(tmpdir(), 'bench-proof-'));
const lockFile = () => {
  const f = join(dir, `lock-${Math.random().toString(36).slice(2)}`);
  writeFileSync(f, '');
  return f;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
const ms = (n: number) => `${n.toFixed(0)} ms`;
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
/** "median / max", each padded to `width`. */
const pair = (xs: number[], width: number) => `${ms(median(xs)).padStart(width)} / ${ms(max(xs)).padStart(width)}`;

const HANGS: { name: string; file: string; args?: () => string[] }[] = [
  { name: 'Python queue (pipe, feeder thread)', file: join(runner, 'queue-hang.py') },
  { name: 'socketpair, both read', file: join(hangs, 'socketpair-both-read.py') },
  { name: 'loopback TCP pair', file: join(hangs, 'tcp-pair-recv.py') },
  { name: 'flock held by a blocked sibling', file: join(hangs, 'lock-sibling.py'), args: () => [lockFile()] },
  { name: 'ring of 3 pipes (poll/select/epoll)', file: join(hangs, 'multiplex-ring.py') },
  { name: 'threads deadlocked (private futex)', file: join(hangs, 'lock-deadlock-threads.py') },
  { name: 'multiprocessing.Lock (shared futex)', file: join(hangs, 'mp-lock-deadlock.py') },
  { name: 'Node grandchild holds the pipe', file: join(hangs, 'node-grandchild-holds-pipe.ts') },
];

async function confirmation(label: string): Promise<void> {
  console.log(
    `\nhang confirmation, ${label} (${load()}), ${ROUNDS} runs each: ` +
      'after quiet median/max · analysis median/max · spawn to kill median',
  );
  const allAfter: number[] = [];
  const allCost: number[] = [];
  for (const h of HANGS) {
    const after: number[] = [];
    const cost: number[] = [];
    const total: number[] = [];
    let other = '';
    for (let i = 0; i < ROUNDS; i++) {
      const r = await runSnippet(h.file, { args: h.args?.() ?? [], expect: { kind: 'hang' }, timeoutMs: 20_000 });
      if (r.outcome.kind !== 'hang' || !r.hang) {
        other ||= ` (also: ${r.outcome.kind})`;
        continue;
      }
      after.push(r.hang.confirmedAfterMs);
      cost.push(r.proof?.costMs ?? NaN);
      total.push(r.timing.wallMs);
    }
    allAfter.push(...after);
    allCost.push(...cost);
    console.log(`  ${h.name.padEnd(38)} ${pair(after, 7)} · ${pair(cost, 6)} · ${ms(median(total))}${other}`);
  }
  console.log(`  ${'all'.padEnd(38)} ${pair(allAfter, 7)} · ${pair(allCost, 6)}   (${load()})`);
}

/** CPU time of this process per wall second over `windowMs`, from when the program says it started. */
async function watcherCost(label: string, options: RunOptionsInput): Promise<void> {
  let from: { cpu: NodeJS.CpuUsage; t: number } | null = null;
  let figure = 'not measured';
  let timer: NodeJS.Timeout | undefined;
  const windowMs = 4000;
  await runSnippet(join(runner, 'many-sleepers.py'), options, {
    onChunk: (c) => {
      if (from || !c.text.includes('started')) return;
      from = { cpu: process.cpuUsage(), t: performance.now() };
      timer = setTimeout(() => {
        const used = process.cpuUsage(from!.cpu);
        const wall = performance.now() - from!.t;
        const cpu = (used.user + used.system) / 1000;
        figure = `${(cpu / wall).toFixed(3)} core (${ms(cpu)} CPU over ${ms(wall)})`;
      }, windowMs);
    },
  });
  clearTimeout(timer);
  console.log(`  ${label.padEnd(46)} ${figure}   (${load()})`);
}

const parts = process.argv.slice(2);
const want = (p: string) => parts.length === 0 || parts.includes(p);
try {
  if (want('confirm')) {
    await confirmation('idle');
    const busy = loadCores();
    try {
      await confirmation('both cores loaded');
    } finally {
      for (const p of busy) p.kill('SIGKILL');
    }
  }
  if (want('watcher')) {
    console.log('\nwatcher cost: CPU of the engine process while 200 threads wait with a timeout');
    await watcherCost('200 threads, one long sleep each', { args: ['200', '6'], timeoutMs: 30_000 });
    await watcherCost('200 threads, naps of 100 ms', { args: ['200', '6', '0.1'], timeoutMs: 30_000 });
  }
} finally {
  stopUnixDiag();
  rmSync(dir, { recursive: true, force: true });
}
