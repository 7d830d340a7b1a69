// Node's own `stdio: 'pipe'` is not a pipe. A child looks at what its fd 1
// really is, then writes to it while the parent never reads, and reports on
// stderr how much got through. The parent sees when the child is stuck in
// write(1, …) with no progress, notes the total and ends the child.
import { spawn } from 'node:child_process';
import { fstatSync, readFileSync, readlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from '../lib/queue.ts';
import { publish } from '../lib/publish.ts';

if (process.argv[2] === 'child') {
  // region child
  const chunk = Buffer.alloc(Number(process.argv[3]), 'x');
  const kind = fstatSync(1).isSocket() ? 'socket' : fstatSync(1).isFIFO() ? 'pipe' : 'file';
  writeSync(2, `what:${kind} ${readlinkSync('/proc/self/fd/1')}\n`);
  let total = 0;
  for (;;) {
    total += writeSync(1, chunk); // blocks once the other side is full
    writeSync(2, `total:${total}\n`);
  }
  // endregion
}

// region parent
// How many bytes did a child write into its unread stdout before it got stuck?
async function measure(stdout: 'pipe' | number, chunkBytes: number) {
  const child = spawn(process.execPath, [import.meta.filename, 'child', String(chunkBytes)], {
    stdio: ['ignore', stdout, 'pipe'],
  });
  let what = '';
  let total = 0;
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    for (const line of text.split('\n')) {
      if (line.startsWith('what:')) what = line.slice(5);
      if (line.startsWith('total:')) total = Number(line.slice(6));
    }
  });
  let seen = -1;
  let stuck = 0;
  while (stuck < 2) {
    await sleep(20);
    const asleep = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1][0] === 'S';
    const inWrite = readFileSync(`/proc/${child.pid}/syscall`, 'utf8').startsWith('1 0x1 ');
    stuck = asleep && inWrite && total === seen ? stuck + 1 : 0; // asleep in write(1, …)
    seen = total;
  }
  child.kill();
  await new Promise((done) => child.once('exit', done));
  return { what, total };
}
// endregion

const rows: [string, string, number, number][] = [];
// region runs
for (const chunk of [1024, 65536]) {
  const { what, total } = await measure('pipe', chunk);
  rows.push(["stdio: 'pipe'", what, chunk, total]);
}
const q = Queue.create(); // a real pipe (a FIFO), given to the child as its stdout
const { what, total } = await measure(q.writeFd, 1024);
rows.push(['a FIFO', what, 1024, total]);
// endregion

for (const [how, what, chunk, total] of rows) {
  const [kind, link] = what.split(' ');
  console.log(`${how}: the child's fd 1 is a ${kind}` + (kind === 'socket' ? ` (${link})` : ''));
  console.log(`  ${chunk.toLocaleString('en')}-byte writes: stuck after ${total.toLocaleString('en')} bytes`);
}
for (const row of rows) row[1] = row[1].split(' ')[0]; // socket or pipe, for the table
publish('socket_kind', rows[0][1], { compare: 'exact' });
publish('socket_limit_1k', rows[0][3], { compare: 'range', min: 16_384, max: 1_048_576, unit: 'bytes' });
publish('socket_limit_64k', rows[1][3], { compare: 'range', min: 16_384, max: 4_194_304, unit: 'bytes' });
publish('fifo_limit_1k', rows[2][3], { unit: 'bytes' });
publish('stdio_table', { columns: ['stdout given as', 'fd 1 is', 'write size (bytes)', 'stuck after (bytes)'], rows }, { compare: 'shape' });
q.close();
