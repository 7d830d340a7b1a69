// hangtime's preload for Node processes of a run (NODE_OPTIONS=--require=…): on SIGUSR2 it
// writes the process's libuv handles (what its event loop waits for) to stacks-dir/node-PID.json.
// Unlike --report-on-signal it prints nothing. The listener is unreferenced (Node does not keep a
// process alive for a signal listener), so an unsignalled process behaves exactly as before.
// A main thread blocked in a synchronous system call never runs it: the autopsy says so.
'use strict';
const dir = process.env.HANGTIME_STACKS_DIR;
if (dir && process.report && process.platform !== 'win32') {
  process.on('SIGUSR2', () => {
    const fs = require('node:fs');
    const path = require('node:path');
    const report = process.report.getReport();
    const file = path.join(dir, `node-${process.pid}.json`);
    // The JavaScript stack here would be this listener's own: the loop was idle to run it.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, libuv: report.libuv }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
