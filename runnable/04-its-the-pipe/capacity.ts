// How many bytes does a pipe hold? Ask the pipe itself: open one so that a
// write which would have to wait fails at once (EAGAIN) instead, then write
// into it, one byte at a time, until that happens. Nobody reads this pipe.
import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publish } from '../lib/publish.ts';

// Node cannot call pipe(2), but a FIFO is the same kernel object with a name.
// O_RDWR opens both ends at once; O_NONBLOCK turns "wait" into EAGAIN.
function openEmptyPipe(): number {
  const dir = mkdtempSync(join(tmpdir(), 'capacity-'));
  try {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    return openSync(join(dir, 'pipe'), constants.O_RDWR | constants.O_NONBLOCK);
  } finally {
    rmSync(dir, { recursive: true }); // the name goes; the open pipe stays
  }
}

// region fill
const fd = openEmptyPipe();
const oneByte = Buffer.from('x');
let held = 0;
for (;;) {
  try {
    writeSync(fd, oneByte);
    held += 1;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break; // full: a write would wait
    throw err;
  }
}
console.log(`the pipe took ${held.toLocaleString('en')} bytes, then refused one more (EAGAIN)`);
// endregion

// region limits
const page = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));
const maxSize = Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8'));
console.log(`that is ${held / page} pages of ${page.toLocaleString('en')} bytes`);
console.log(`largest pipe an ordinary user may ask for: ${maxSize.toLocaleString('en')} bytes`);
// endregion

publish('pipe_capacity', held, { unit: 'bytes' });
publish('page_size', page, { compare: 'shape', unit: 'bytes' });
publish('pipe_pages', held / page, { compare: 'shape' });
publish('pipe_max_size', maxSize, { compare: 'shape', unit: 'bytes' });
