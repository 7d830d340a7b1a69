// Bob's investigation without the guess. Each try starts a child that puts one
// message on a fresh queue (runnable/lib/queue.ts) and then tries to exit, and
// nobody reads. Instead of waiting 100 ms and hoping, the parent watches the
// child until one of two final things happens: it exits (the message fit in
// the pipe), or one of its threads falls asleep in the kernel's pipe write
// (it never will). Usage: node bisect.ts json|v8
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { pipeSize, waitUntilSettled } from '../lib/pipe.ts';
import { frame, join, Queue, startProcess, type Serializer } from '../lib/queue.ts';
import { publish } from '../lib/publish.ts';

const KINDS = ['string', 'int array', 'float array', 'bool array'] as const;
type Kind = (typeof KINDS)[number];

function make(kind: Kind, size: number): unknown {
  if (kind === 'string') return '1'.repeat(size);
  return new Array(size).fill(kind === 'int array' ? 42 : kind === 'float array' ? 3.14 : true);
}

// region try
async function hangs(kind: Kind, size: number, serializer: Serializer) {
  const queue = Queue.create({ serializer }); // a fresh pipe for every try
  const args = ['--child', serializer, kind, `${size}`];
  const child = startProcess(import.meta.filename, args, queue);
  // Wait for 'exited' or 'blocked', whichever comes: no timer, no guess.
  const settled = await waitUntilSettled(child);
  if (settled === 'blocked') child.kill('SIGKILL');
  await join(child);
  queue.close();
  return settled === 'blocked';
}
// endregion

// region bisect
type Step = { size: number; hung: boolean };

async function bisect(kind: Kind, serializer: Serializer, steps: Step[]) {
  let [low, high] = [0, 105_656]; // low fits, high hangs
  while (high - low > 1) {
    const size = Math.floor((low + high) / 2);
    const hung = await hangs(kind, size, serializer);
    steps.push({ size, hung });
    if (hung) high = size;
    else low = size;
  }
  return low;
}
// endregion

async function main(serializer: Serializer): Promise<void> {
  const probe = Queue.create({ serializer });
  const capacity = pipeSize(probe.writeFd); // F_GETPIPE_SZ, asked of the kernel
  probe.close();
  // The four bisections run side by side; each one's tries are still one at a time.
  const results = await Promise.all(KINDS.map(async (kind) => {
    const steps: Step[] = [];
    const max = await bisect(kind, serializer, steps);
    return { kind, max, steps, fits: frame(make(kind, max), serializer).length, next: frame(make(kind, max + 1), serializer).length };
  }));

  console.log(`serializer: ${serializer}   pipe: ${capacity.toLocaleString('en-US')} bytes`);
  console.log(`${'message'.padEnd(12)}${'largest'.padStart(8)}${'its frame'.padStart(11)}${'one more'.padStart(10)}${'tries'.padStart(7)}`);
  for (const r of results) {
    console.log(`${r.kind.padEnd(12)}${String(r.max).padStart(8)}${String(r.fits).padStart(11)}${String(r.next).padStart(10)}${String(r.steps.length).padStart(7)}`);
  }
  const tries = results.reduce((n, r) => n + r.steps.length, 0);
  console.log(`${tries} children judged, not one of them by a timer`);

  publish(`pipe_bytes_${serializer}`, capacity, { unit: 'bytes' });
  for (const r of results) {
    const key = `${serializer}_${r.kind.split(' ')[0]}`;
    publish(`ts_max_${key}`, r.max);
    publish(`ts_steps_${key}`, r.steps);
  }
  publish(`ts_maxima_${serializer}`, {
    columns: ['message', 'largest that exits', 'its frame, bytes', 'one more item, bytes'],
    rows: results.map((r) => [r.kind, r.max, r.fits, r.next]),
  });
}

if (process.argv[2] === '--child') {
  const [, , , serializer, kind, size] = process.argv as [string, string, string, Serializer, Kind, string];
  Queue.inherit({ serializer }).put(make(kind, Number(size))); // then try to exit
} else {
  // Some seventy children will load the same TypeScript: let Node keep it compiled.
  process.env.NODE_COMPILE_CACHE ??= joinPath(tmpdir(), 'node-compile-cache');
  if (!existsSync('/proc/self/task')) {
    console.error('bisect.ts: this check reads /proc (Linux); here, run bisect.py instead');
    process.exit(2);
  }
  const serializer = process.argv[2] ?? 'json';
  if (serializer !== 'json' && serializer !== 'v8') {
    console.error(`bisect.ts: the serializer is json or v8, got '${serializer}'`);
    process.exit(2);
  }
  await main(serializer);
}
