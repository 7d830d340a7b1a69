// One CPU-bound job in Node, done four ways: on the one JavaScript thread, as
// "concurrent" async functions on that same thread, in worker threads, and in
// child processes. Which of them uses more than one core?
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { publish } from '../lib/publish.ts';

const JOB = 60_000_000; // loop turns in the whole job, however it is split

// region job
function count(start: number, stop: number): number {
  let hits = 0;
  for (let i = start; i < stop; i++) {
    const x = i % 1024; // small numbers keep V8 on its fast integer path
    if ((x * x) % 7 === 1) hits++;
  }
  return hits;
}

function parts(n: number): [number, number][] {
  return Array.from({ length: n }, (_, k) => [Math.floor((JOB * k) / n), Math.floor((JOB * (k + 1)) / n)]);
}
// endregion

// region ways
async function inAsyncFunctions(n: number): Promise<number> {
  // async is not parallel: each call runs to its end on the one JS thread.
  const results = await Promise.all(parts(n).map(async ([a, b]) => count(a, b)));
  return results.reduce((x, y) => x + y, 0);
}

async function inWorkerThreads(n: number): Promise<number> {
  const results = await Promise.all(parts(n).map((part) => new Promise<number>((resolve, reject) => {
    const worker = new Worker(import.meta.filename, { workerData: part });
    worker.once('message', resolve).once('error', reject);
  })));
  return results.reduce((x, y) => x + y, 0);
}

async function inChildProcesses(n: number): Promise<number> {
  const results = await Promise.all(parts(n).map(([a, b]) => new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--count', `${a}`, `${b}`]);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('close', () => resolve(Number(out)));
  })));
  return results.reduce((x, y) => x + y, 0);
}
// endregion

// The best of three timings: the one least disturbed by anything else running.
async function seconds(way: (n: number) => Promise<number>, n: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await way(n);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  count(0, JOB / 20); // warm up: let V8 compile count() before anything is timed
  const base = await seconds(async () => count(0, JOB), 1);
  const rows: [string, number, number][] = [['1 thread', base, 1]];
  for (const n of [...new Set([2, cores])].sort((a, b) => a - b)) {
    for (const [label, way] of [['async functions', inAsyncFunctions], ['worker threads', inWorkerThreads], ['child processes', inChildProcesses]] as const) {
      const t = await seconds(way, n);
      rows.push([`${n} ${label}`, t, base / t]);
    }
  }
  const load = loadavg()[0]!; // how many programs wanted a core, lately
  console.log(`cores: ${cores}   load average: ${load.toFixed(1)}`);
  console.log(`${'the job, run in'.padEnd(20)}${'seconds'.padStart(8)}${'speed-up'.padStart(10)}`);
  for (const [way, secs, speedup] of rows) {
    console.log(`${way.padEnd(20)}${secs.toFixed(2).padStart(8)}${speedup.toFixed(2).padStart(9)}x`);
  }
  const round = (x: number): number => Math.round(x * 100) / 100;
  publish('node_load', Math.round(load * 10) / 10, { compare: 'shape' });
  publish('node_speedup_async', round(rows[1]![2]), { compare: 'range', min: 0.1, max: 2 });
  publish('node_speedup_workers', round(rows[2]![2]), { compare: 'range', min: 0.1, max: cores + 0.5 });
  publish('node_speedup_processes', round(rows[3]![2]), { compare: 'range', min: 0.1, max: cores + 0.5 });
  publish('node_ways', { columns: ['the job, run in', 'seconds', 'speed-up'], rows: rows.map(([w, s, x]) => [w, round(s), round(x)]) }, { compare: 'shape' });
}

if (!isMainThread) parentPort!.postMessage(count(...(workerData as [number, number])));
else if (process.argv[2] === '--count') console.log(count(Number(process.argv[3]), Number(process.argv[4])));
else await main();
