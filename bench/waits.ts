// Cost of the wait-for graph analysis (src/runner/waits) on the hang fixtures, and how long a
// watcher that runs it before each verdict would take to confirm a hang after the tree went quiet.
//   1. analysis: each fixture started, left to settle, then readWaits + judgeWaits ROUNDS times:
//      median and max per fixture (wall time), median CPU time of this process (less bent by the
//      machine's load; the python helper's share is not in it), and where the time goes.
//   2. confirmation: each in-tree hang started CONFIRM times under a 20 ms sampler that does what
//      the watcher does (two quiet samples, no thread running or in a timed wait, nothing changed)
//      and then the analysis: ms from the first quiet sample to a 'hang' verdict, and from spawn.
// Run: node bench/waits.ts   (python3 on PATH; the UNIX peer helper is warmed first, as the engine would)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTree, listProcesses, sampleThreads } from '../src/runner/watch/procfs.ts';
import { judgeWaits, readWaits, stopUnixDiag, warmUnixDiag, type Verdict } from '../src/runner/waits/index.ts';

const ROUNDS = 15;
const CONFIRM = 5;
const hangs = new URL('../tests/fixtures/hangs/', import.meta.url).pathname;
const python = execFileSync('python3', ['-I', '-S', '-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();
const dir = mkdtempSync(join(tmpdir(), 'bench-waits-'));
const env = { PATH: process.env.PATH ?? '', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
const started: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(cmd: string, args: string[], stdout: 'pipe' | 'ignore' = 'ignore'): ChildProcess {
  const c = spawn(cmd, args, { detached: true, stdio: ['ignore', stdout, 'ignore'], env });
  started.push(c);
  return c;
}
const fixture = (name: string, args: string[] = []) =>
  name.endsWith('.py')
    ? start(python, [hangs + name, ...args])
    : start(process.execPath, ['--no-memory-reducer', hangs + name, ...args]);
const line = (c: ChildProcess) =>
  new Promise<string>((r) => c.stdout!.once('data', (d: Buffer) => r(String(d).split('\n')[0]!)));

interface Case {
  name: string;
  processes: number;
  expect: Verdict['kind'];
  run: () => Promise<ChildProcess>;
}
const file = (name: string) => {
  const f = join(dir, name);
  writeFileSync(f, Buffer.alloc(4096));
  return f;
};
const cases: Case[] = [
  {
    name: 'ring of 3 pipes (poll/select/epoll)',
    processes: 3,
    expect: 'hang',
    run: async () => fixture('multiplex-ring.py'),
  },
  { name: 'socketpair, both read', processes: 2, expect: 'hang', run: async () => fixture('socketpair-both-read.py') },
  { name: 'loopback TCP pair', processes: 2, expect: 'hang', run: async () => fixture('tcp-pair-recv.py') },
  {
    name: 'flock held by a blocked sibling',
    processes: 3,
    expect: 'hang',
    run: async () => fixture('lock-sibling.py', [file('flock')]),
  },
  {
    name: 'threads deadlocked (private futex)',
    processes: 1,
    expect: 'hang',
    run: async () => fixture('lock-deadlock-threads.py'),
  },
  {
    name: 'multiprocessing.Lock (shared futex)',
    processes: 2,
    expect: 'hang',
    run: async () => fixture('mp-lock-deadlock.py'),
  },
  {
    name: 'Node grandchild holds the pipe',
    processes: 2,
    expect: 'hang',
    run: async () => fixture('node-grandchild-holds-pipe.ts'),
  },
  { name: 'Node TCP pair', processes: 2, expect: 'hang', run: async () => fixture('node-tcp-pair.ts') },
  {
    name: 'TCP server outside',
    processes: 1,
    expect: 'waiting',
    run: async () => {
      const s = start(python, [hangs + 'outside/tcp-server-late.py', '--delay', '60'], 'pipe');
      return fixture('tcp-recv.py', ['127.0.0.1', await line(s)]);
    },
  },
  {
    name: 'flock held outside',
    processes: 1,
    expect: 'waiting',
    run: async () => {
      const f = file('flock-out');
      const h = start(python, [hangs + 'outside/lock-hold.py', f, 'flock', '60'], 'pipe');
      await line(h);
      return fixture('flock-wait.py', [f]);
    },
  },
  {
    name: 'Node server listening, paused',
    processes: 1,
    expect: 'waiting',
    run: async () => fixture('node-server-paused.ts'),
  },
  {
    name: 'deadlock beside a poller',
    processes: 1,
    expect: 'stuck',
    run: async () => fixture('deadlock-beside-poller.py'),
  },
];

function signature(root: number): string | null {
  const threads = sampleThreads(findTree(root, listProcesses()));
  if (threads.some((t) => t.state === 'R' || t.state === 'D')) return null;
  return threads
    .map((t) => `${t.tid}:${t.state}:${t.syscall.nr}:${t.syscall.args.join(',')}`)
    .sort()
    .join('|');
}

async function settle(root: number, processes: number): Promise<number[]> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(50)) {
    const pids = findTree(root, listProcesses()).map((p) => p.pid);
    if (pids.length < processes) continue;
    const a = signature(root);
    await sleep(300);
    if (a && a === signature(root)) return pids;
  }
  throw new Error(`tree of ${root} never settled`);
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => x.toFixed(1).padStart(6);

function killAll(): void {
  for (const c of started.splice(0))
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
}

/** The watcher's rule in small: every program thread asleep without a timeout, nothing running. */
function quiet(root: number): string | null {
  const threads = sampleThreads(findTree(root, listProcesses()));
  const program = threads.filter((t) => !t.housekeeping);
  if (program.length === 0 || threads.some((t) => t.state === 'R' || t.state === 'D')) return null;
  if (program.some((t) => t.state !== 'S' || t.unreadable || !t.syscall.known || t.syscall.timed)) return null;
  return threads
    .map((t) => `${t.tid}:${t.syscall.nr}:${t.cpuNs}`)
    .sort()
    .join('|');
}

try {
  const t0 = performance.now();
  await warmUnixDiag();
  console.log(
    `waits bench · ${availableParallelism()} cores · ` +
      `load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} · ` +
      `${listProcesses().length} processes on the machine · ` +
      `helper warmed in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  console.log(`\n1. analysis cost per fixture (${ROUNDS} rounds, ms)`);
  console.log(
    `${'fixture'.padEnd(38)} verdict   median    max   cpu   fd scan  sockets  peers  maps+locks  × a watcher sample`,
  );
  const medians: number[] = [];
  for (const c of cases) {
    const child = await c.run();
    const pids = await settle(child.pid!, c.processes);
    const totals: number[] = [];
    const cpu: number[] = [];
    const samples: number[] = [];
    const part = new Map<string, number[]>();
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      sampleThreads(findTree(child.pid!, listProcesses()));
      samples.push(performance.now() - t);
    }
    let verdict: Verdict | null = null;
    for (let i = 0; i < ROUNDS; i++) {
      const machine = listProcesses();
      const c0 = process.cpuUsage();
      const t = performance.now();
      const facts = await readWaits({ pids, machine });
      verdict = judgeWaits(facts);
      totals.push(performance.now() - t);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1000);
      for (const [k, v] of Object.entries(facts.cost)) part.set(k, [...(part.get(k) ?? []), v]);
    }
    const med = (k: string) => (part.has(k) ? pct(part.get(k)!, 0.5) : 0);
    medians.push(pct(totals, 0.5));
    const ok = verdict!.kind === c.expect ? '' : ` (expected ${c.expect})`;
    const ratio = pct(totals, 0.5) / pct(samples, 0.5);
    console.log(
      `${c.name.padEnd(38)} ${verdict!.kind.padEnd(8)} ` +
        `${ms(pct(totals, 0.5))} ${ms(Math.max(...totals))} ${ms(pct(cpu, 0.5))}  ` +
        `${ms(med('fd scan'))}  ${ms(med('socket tables'))} ${ms(med('unix peers'))}  ` +
        `${ms(med('maps scan') + med('locks'))}      ${ratio.toFixed(1).padStart(5)}×${ok}`,
    );
    killAll();
  }
  console.log(
    `all fixtures: median of medians ${pct(medians, 0.5).toFixed(1)} ms, ` +
      `max median ${Math.max(...medians).toFixed(1)} ms`,
  );

  console.log(
    `\n2. confirmation of in-tree hangs with the analysis ` +
      `(${CONFIRM} runs each; 20 ms sampling, 2 quiet samples, then the analysis)`,
  );
  const afterQuiet: number[] = [];
  const afterSpawn: number[] = [];
  const analysis: number[] = [];
  for (const c of cases.filter((x) => x.expect === 'hang')) {
    const row: number[] = [];
    for (let i = 0; i < CONFIRM; i++) {
      const spawnAt = performance.now();
      const child = await c.run();
      let quietAt = 0,
        last = '',
        samples = 0,
        done = false;
      for (const deadline = spawnAt + 15_000; !done && performance.now() < deadline; await sleep(20)) {
        const sig = quiet(child.pid!);
        if (!sig || sig !== last) {
          quietAt = sig ? performance.now() : 0;
          last = sig ?? '';
          samples = sig ? 1 : 0;
          continue;
        }
        if (++samples < 2) continue;
        const ta = performance.now();
        const machine = listProcesses(); // the watcher's full scan before a verdict
        const v = judgeWaits(await readWaits({ pids: findTree(child.pid!, machine).map((p) => p.pid), machine }));
        const now = performance.now();
        if (v.kind === 'hang') {
          analysis.push(now - ta);
          row.push(now - quietAt);
          afterSpawn.push(now - spawnAt);
          done = true;
        }
      }
      if (!done) row.push(NaN);
      killAll();
    }
    afterQuiet.push(...row.filter((x) => !Number.isNaN(x)));
    console.log(`${c.name.padEnd(38)} after quiet: ${row.map((x) => x.toFixed(0)).join(' ')} ms`);
  }
  console.log(
    `confirmation after the tree went quiet: median ${pct(afterQuiet, 0.5).toFixed(0)} ms, ` +
      `max ${Math.max(...afterQuiet).toFixed(0)} ms (target ≤ 100 median, ≤ 250 max)`,
  );
  console.log(
    `  of which the analysis: median ${pct(analysis, 0.5).toFixed(1)} ms, ` +
      `max ${Math.max(...analysis).toFixed(1)} ms · after spawn: median ${pct(afterSpawn, 0.5).toFixed(0)} ms`,
  );
} finally {
  killAll();
  stopUnixDiag();
  rmSync(dir, { recursive: true, force: true });
}
