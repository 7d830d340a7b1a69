// Node's version of "drain before join": a child writes a mebibyte to its
// stdout, far more than the socket between them holds. Either the parent reads
// it all, or it tells Node it does not want it ('ignore': fd 1 is /dev/null).
// Both ways the child exits; only leaving it unread ('pipe', never read) hangs.
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';

const TOTAL = 1024 * 1024;

if (process.argv[2] === 'child') {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  for (let sent = 0; sent < TOTAL; sent += chunk.length) writeSync(1, chunk);
} else {
  // region read
  const reader = spawn(process.execPath, [import.meta.filename, 'child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let bytes = 0;
  for await (const chunk of reader.stdout!) bytes += chunk.length; // read to the end
  const code = await new Promise((done) => reader.once('close', done));
  console.log(`'pipe', read to the end: got ${bytes.toLocaleString('en')} bytes, child exited ${code}`);
  // endregion

  // region ignore
  const ignorer = spawn(process.execPath, [import.meta.filename, 'child'], { stdio: 'ignore' });
  const code2 = await new Promise((done) => ignorer.once('close', done));
  console.log(`'ignore': nothing to read, child exited ${code2}`);
  // endregion
}
