// hangtime's preload for Node processes of a run (NODE_OPTIONS=--require=…): on SIGUSR2 it
// writes what the process's event loop waits for — child processes, streams with bytes still
// queued or being read, pending requests — to stacks-dir/node-PID.json. Unlike
// --report-on-signal it prints nothing, and it is cheap (no full diagnostic report). Node does
// not keep a process alive for a signal listener, so an unsignalled process behaves exactly as
// before. A main thread blocked in a synchronous system call never runs it: the autopsy says so.
'use strict';
const dir = process.env.HANGTIME_STACKS_DIR;
if (dir && process.platform !== 'win32') {
  process.on('SIGUSR2', () => {
    const fs = require('node:fs');
    const path = require('node:path');
    const file = path.join(dir, `node-${process.pid}.json`);
    fs.writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ pid: process.pid, handles: handles(), resources: process.getActiveResourcesInfo?.() ?? [] }),
    );
    fs.renameSync(`${file}.tmp`, file);
  });
}

/** Referenced handles, in the shape of the diagnostic report's libuv list (the fields we use). */
function handles() {
  try {
    // process._getActiveHandles is undocumented but the only cheap way to the objects themselves.
    return process._getActiveHandles().flatMap((h) => {
      if (typeof h.pid === 'number' && typeof h.kill === 'function')
        return [{ type: 'process', is_active: true, is_referenced: true, pid: h.pid }];
      const w = h._handle;
      if (!w || typeof w.fd !== 'number' || w.fd < 0) return [];
      // libuv's queue is what the kernel has not taken yet (writableLength counts a write until it ends).
      const queued = typeof w.writeQueueSize === 'number' ? w.writeQueueSize : (h.writableLength ?? 0);
      return [
        {
          type: h.constructor?.name === 'Socket' ? 'pipe' : String(h.constructor?.name ?? 'handle'),
          is_active: w.reading === true,
          is_referenced: true,
          fd: w.fd,
          writeQueueSize: queued,
        },
      ];
    });
  } catch {
    return process.report.getReport().libuv;
  }
}
