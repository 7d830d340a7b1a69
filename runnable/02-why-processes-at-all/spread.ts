// One CPU-bound job in Node, done four ways: on the one JavaScript thread, as
// "concurrent" async functions on that same thread, in worker threads, and in
// child processes. Which of them keeps more than one core busy?
// The job is sized to last over a second on one thread of the machine that
// built the site, so that starting a worker or a child process (about a tenth
// of a second) is a small part of it. The load average is read before and after the job,
// and the verdict printed last says only what this run's own numbers show.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { publish } from '../lib/publish.ts';

const JOB = 450_000_000; // loop turns in the whole job, however it is split

// region job
type Result = { hits: number; cpu: number }; // cpu: seconds this thread computed

function count(start: number, stop: number): Result {
  const before = process.threadCpuUsage();
  let hits = 0;
  for (let i = start; i < stop; i++) {
    const x = i % 1024; // small numbers keep V8 on its fast integer path
    if ((x * x) % 7 === 1) hits++;
  }
  const used = process.threadCpuUsage(before);
  return { hits, cpu: (used.user + used.system) / 1e6 };
}

function parts(n: number, job = JOB): [number, number][] {
  return Array.from({ length: n }, (_, k) => [Math.floor((job * k) / n), Math.floor((job * (k + 1)) / n)]);
}
// endregion

// region ways
function inAsyncFunctions(n: number): Promise<Result[]> {
  // async is not parallel: each call runs to its end on the one JS thread.
  return Promise.all(parts(n).map(async ([a, b]) => count(a, b)));
}

function inWorkerThreads(n: number, job = JOB): Promise<Result[]> {
  return Promise.all(parts(n, job).map((part) => new Promise<Result>((resolve, reject) => {
    const worker = new Worker(import.meta.filename, { workerData: part });
    worker.once('message', resolve).once('error', reject);
  })));
}

function inChildProcesses(n: number, job = JOB): Promise<Result[]> {
  return Promise.all(parts(n, job).map(([a, b]) => new Promise<Result>((resolve) => {
    const args = [...process.execArgv, import.meta.filename, '--count', `${a}`, `${b}`];
    const child = spawn(process.execPath, args);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('close', () => resolve(JSON.parse(out)));
  })));
}
// endregion

// Best of `repeats` (the run least disturbed by anything else): its wall-clock seconds,
// and how many cores were busy on average (CPU seconds / wall seconds).
async function measure(way: (n: number) => Promise<Result[]>, n: number, repeats = 2): Promise<[number, number]> {
  let best: [number, number] = [Infinity, 0];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const results = await way(n);
    const wall = (performance.now() - start) / 1000;
    if (wall < best[0]) best = [wall, results.reduce((sum, r) => sum + r.cpu, 0) / wall];
  }
  return best;
}

// One sentence that says what this run shows, and nothing more. Rows: [label, seconds, speed-up, busy].
// Cores busy and speed are said apart: a second busy core need not make the job faster.
function verdict(rows: [string, number, number, number][], load: number, cores: number): string {
  const [, , spAsync, busyAsync] = rows[1]!;
  const parallel = rows.slice(2, 4).map(([label, , sp, busy]) => ({ label: label.replace(/^\d+ /, ''), sp, busy }));
  const busy = `${parallel.map((p) => `${p.label} kept ${p.busy.toFixed(1)} cores busy`).join(', ')}, async functions ${busyAsync.toFixed(1)}`;
  const said = parallel.map((p) => {
    const times = (p.sp / spAsync).toFixed(1);
    if (p.sp >= 1.3 * spAsync) return `${p.label} did the job ${times} times as fast as the async functions`;
    if (p.busy >= busyAsync + 0.3) return `${p.label} kept more cores busy yet were only ${times} times as fast`;
    return `${p.label} were no faster (${times} times)`;
  });
  const crowded = load >= cores - 0.5; // other programs wanted the cores too
  const note = crowded
    ? `, on a machine busy with other work too (load average ${load.toFixed(1)} on ${cores} cores), so speed says little here`
    : '';
  return `${busy}: ${said.join('; ')}${note}`;
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const before = loadavg()[0]!; // how many programs wanted a core over the last minute
  count(0, JOB / 20); // warm up: let V8 compile count() before anything is timed
  const [startWorkers] = await measure((n) => inWorkerThreads(n, 0), 2); // start-up, with an empty job
  const [startProcesses] = await measure((n) => inChildProcesses(n, 0), 2);
  const [base, busy] = await measure(async () => [count(0, JOB)], 1);
  const rows: [string, number, number, number][] = [['1 thread', base, 1, busy]];
  const ways = [['async functions', inAsyncFunctions], ['worker threads', inWorkerThreads], ['child processes', inChildProcesses]] as const;
  for (const n of [...new Set([2, cores])].sort((a, b) => a - b)) {
    for (const [label, way] of ways) {
      const [wall, busy] = await measure(way, n, way === inAsyncFunctions ? 1 : 2); // async = one thread: once is enough
      rows.push([`${n} ${label}`, wall, base / wall, busy]);
    }
  }
  // Others' load: what was there before, or what came during (the 1-minute average rises
  // by about 0.3 from this job alone, and a little more to be safe).
  const load = Math.max(before, loadavg()[0]! - 0.5);
  console.log(`cores: ${cores}   load average of other programs: ${load.toFixed(1)}`);
  console.log(`starting 2 workers, with nothing to do: ${startWorkers.toFixed(3)} s; 2 child processes: ${startProcesses.toFixed(3)} s`);
  console.log(`${'the job, run in'.padEnd(20)}${'seconds'.padStart(8)}${'speed-up'.padStart(10)}${'cores busy'.padStart(12)}`);
  for (const [way, wall, speedup, busy] of rows) {
    console.log(`${way.padEnd(20)}${wall.toFixed(2).padStart(8)}${speedup.toFixed(2).padStart(9)}x${busy.toFixed(2).padStart(12)}`);
  }
  const said = verdict(rows, load, cores);
  // The verdict, folded to a terminal's width at word boundaries.
  console.log(`verdict: ${said}`.replace(/(.{1,64})(?: |$)/g, '$1\n  ').trimEnd());
  const round = (x: number): number => Math.round(x * 100) / 100;
  const range = (max: number) => ({ compare: 'range' as const, min: 0, max });
  publish('node_cores', cores, { compare: 'range', min: 1, max: 1024 });
  publish('node_load', Math.round(load * 10) / 10, { compare: 'shape' });
  publish('node_start_workers', Math.round(startWorkers * 1000) / 1000, { compare: 'range', min: 0, max: 5, unit: 's' });
  publish('node_start_processes', Math.round(startProcesses * 1000) / 1000, { compare: 'range', min: 0, max: 5, unit: 's' });
  publish('node_seconds_one', round(base), { compare: 'range', min: 0.1, max: 30, unit: 's' });
  publish('node_verdict', said, { compare: 'shape' });
  publish('node_speedup_async', round(rows[1]![2]), range(2));
  publish('node_speedup_workers', round(rows[2]![2]), range(cores + 0.5));
  publish('node_speedup_processes', round(rows[3]![2]), range(cores + 0.5));
  publish('node_busy_async', round(rows[1]![3]), range(1.1));
  publish('node_busy_workers', round(rows[2]![3]), range(cores + 0.1));
  publish('node_busy_processes', round(rows[3]![3]), range(cores + 0.1));
  const columns = ['the job, run in', 'seconds', 'speed-up', 'cores busy'];
  publish('node_ways', { columns, rows: rows.map((row) => [row[0], ...row.slice(1).map((x) => round(x as number))]) }, { compare: 'shape' });
}

if (!isMainThread) parentPort!.postMessage(count(...(workerData as [number, number])));
else if (process.argv[2] === '--count') console.log(JSON.stringify(count(Number(process.argv[3]), Number(process.argv[4]))));
else await main();
