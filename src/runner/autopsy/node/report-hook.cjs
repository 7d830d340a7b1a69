// hangtime's preload for Node processes of a run (NODE_OPTIONS=--require=…): on SIGSTKFLT it
// writes what the process's event loop waits for — each handle typed as Node types it (TCP, Pipe,
// TTY, UDP, Process, FSEvent…), listening servers, paused streams, bytes still queued — what keeps
// the loop alive (getActiveResourcesInfo: timers, fs requests…), and the children it started with
// how each ended, to stacks-dir/node-PID.json. Unlike --report-on-signal it prints nothing, and it
// is cheap (no full diagnostic report). Node does not keep a process alive for a signal listener,
// so an unsignalled process behaves exactly as before. A main thread blocked in a synchronous
// system call never runs it: the autopsy says so.
'use strict';
const dir = process.env.HANGTIME_STACKS_DIR;
if (dir && process.platform !== 'win32') {
  // Children are held weakly: a program that drops a ChildProcess keeps no memory for it here.
  const children = new Set();
  const { ChildProcess } = require('node:child_process');
  const spawn = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function (...args) {
    const r = spawn.apply(this, args);
    children.add(new WeakRef(this));
    if (children.size > 512) for (const w of children) if (!w.deref()) children.delete(w);
    return r;
  };
  // SIGSTKFLT: a signal Linux defines and never sends, that no program listens for; SIGUSR2 is a
  // restart signal to many programs (nodemon's), which would act on the autopsy's request.
  process.on('SIGSTKFLT', () => {
    const fs = require('node:fs');
    const path = require('node:path');
    const file = path.join(dir, `node-${process.pid}.json`);
    fs.writeFileSync(
      `${file}.tmp`,
      JSON.stringify({
        pid: process.pid,
        handles: handles(),
        resources: process.getActiveResourcesInfo?.() ?? null,
        spawned: spawned(children),
      }),
    );
    fs.renameSync(`${file}.tmp`, file);
  });
}

const fdOf = (w) => (w && typeof w.fd === 'number' && w.fd >= 0 ? w.fd : null);

/** Referenced handles: the kind of each (its libuv wrap's class), its fd or pid, and its state. */
function handles() {
  try {
    // process._getActiveHandles is undocumented but the only cheap way to the objects themselves.
    return process._getActiveHandles().flatMap((h) => {
      if (typeof h.pid === 'number' && typeof h.kill === 'function')
        return [{ type: 'Process', is_active: true, is_referenced: true, server: false, paused: null, pid: h.pid }];
      const w = h._handle;
      if (!w) return [];
      if (typeof w.hasRef === 'function' && !w.hasRef()) return [];
      const server = typeof h.listen === 'function' && typeof h.getConnections === 'function';
      // libuv's queue is what the kernel has not taken yet (writableLength counts a write until it ends).
      const queued = typeof w.writeQueueSize === 'number' ? w.writeQueueSize : (h.writableLength ?? null);
      const readable = !server && typeof h.isPaused === 'function' && h.readable === true;
      return [
        {
          type: String(w.constructor?.name ?? h.constructor?.name ?? 'handle'),
          is_active: server || w.reading === true,
          is_referenced: true,
          server,
          paused: readable ? h.isPaused() : null,
          fd: fdOf(w),
          writeQueueSize: server ? null : queued,
        },
      ];
    });
  } catch {
    return process.report.getReport().libuv;
  }
}

/** Each child still known: its pid, how it ended, and which of its stdio streams are still open here. */
function spawned(children) {
  const out = [];
  for (const ref of children) {
    const c = ref.deref();
    if (!c || typeof c.pid !== 'number') continue;
    const ended = c.exitCode !== null || c.signalCode !== null;
    out.push({
      pid: c.pid,
      exit: ended ? { code: c.exitCode, signal: c.signalCode } : null,
      stdio: (c.stdio ?? []).slice(0, 3).map((s) => (s && !s.destroyed ? fdOf(s._handle) : null)),
    });
  }
  return out;
}
