// The same arithmetic for the TypeScript queue (runnable/lib/queue.ts): a 4-byte
// length, then the message as JSON or as v8.serialize() bytes. Predict the
// largest message of each kind from the pipe's measured capacity, then let real
// child processes put the predicted size and one more: the first must exit,
// the second must get stuck writing.
import { execFileSync } from 'node:child_process';
import { frame, HEADER_BYTES, join, Queue, startProcess, type Serializer } from '../lib/queue.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { isBlockedWritingPipe, measureCapacity } from '../lib/pipe.ts';
import { writeInto } from '../lib/pipeslots.ts';
import { publish } from '../lib/publish.ts';

const PAGE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));

const MAKE: Record<string, (n: number) => unknown> = {
  string: (n) => '1'.repeat(n),
  int: (n) => new Array(n).fill(42),
  float: (n) => new Array(n).fill(3.14),
  bool: (n) => new Array(n).fill(true),
};

if (process.argv[2] === 'child') {
  const [, , , serializer, kind, n] = process.argv;
  Queue.inherit({ serializer: serializer as Serializer }).put(MAKE[kind](Number(n)));
} else {
  await main();
}

// region predict
// The largest n whose frame gets into an empty pipe whole, by the page-slot rule
// (this queue writes length and body as one write): arithmetic only, no pipe involved.
function predict(serializer: Serializer, kind: string, capacity: number): number {
  let [lo, hi] = [0, 2 * capacity]; // frame(lo) fits, frame(hi) does not
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const bytes = frame(MAKE[kind](mid), serializer).length;
    if (writeInto([], bytes, PAGE, capacity / PAGE) === bytes) lo = mid;
    else hi = mid;
  }
  return lo;
}
// endregion

// region measure
// A real child puts n items on a real pipe that nobody reads: can it exit?
async function childExits(serializer: Serializer, kind: string, n: number): Promise<boolean> {
  const q = Queue.create({ serializer });
  const child = startProcess(import.meta.filename, ['child', serializer, kind, String(n)], q);
  let verdict = '';
  while (!verdict) { // exited, or a thread asleep in the pipe write: both are final
    if (child.exitCode !== null || child.signalCode !== null) verdict = 'exited';
    else if (isBlockedWritingPipe(child.pid!)) verdict = 'blocked';
    else await sleep(10);
  }
  await q.get(); // then read it, so a stuck child can finish
  await join(child);
  q.close();
  return verdict === 'exited';
}
// endregion

async function main(): Promise<void> {
  const capacity = measureCapacity();
  console.log(`a fresh pipe holds ${capacity.toLocaleString('en')} bytes (filled until EAGAIN)`);
  publish('ts_capacity', capacity, { unit: 'bytes' });
  const rows: (string | number)[][] = [];
  for (const serializer of ['json', 'v8'] as const) {
    const kinds = Object.keys(MAKE);
    const predicted = kinds.map((kind) => predict(serializer, kind, capacity));
    // Real children, every kind at once, each on its own pipe: n must exit, n + 1 must get stuck.
    const outcomes = await Promise.all(kinds.map(async (kind, i) => [
      await childExits(serializer, kind, predicted[i]),
      await childExits(serializer, kind, predicted[i] + 1),
    ]));
    kinds.forEach((kind, i) => {
      const n = predicted[i];
      const size = (k: number) => frame(MAKE[kind](k), serializer).length;
      const perItem = (size(2000) - size(1000)) / 1000;
      const wrapping = size(n) - HEADER_BYTES - n * perItem;
      const confirmed = outcomes[i][0] && !outcomes[i][1];
      console.log(`${serializer.padEnd(4)} ${kind.padEnd(6)} largest ${n.toLocaleString('en').padStart(6)}` +
        ` (${perItem} B/item + ${wrapping} wrapping): ${confirmed ? 'confirmed' : 'WRONG'}`);
      rows.push([`${serializer} · ${kind}`, n, perItem, wrapping, confirmed ? 'yes' : 'no']);
      publish(`ts_max_${serializer}_${kind}`, n);
      publish(`ts_confirmed_${serializer}_${kind}`, confirmed);
    });
  }
  publish('fit_ts', {
    columns: ['message', 'largest that fits', 'bytes per item', 'wrapping', 'child exits at n, stuck at n+1'],
    rows,
  });
}
