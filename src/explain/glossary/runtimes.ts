// The glossary's words of the runtimes the book runs: Python's multiprocessing queue (its feeder
// thread, pickles, frames, finalizers) and Node's helper threads (see ../glossary.ts).
import type { Entry } from '../glossary.ts';

export const PYTHON_TERMS = [
  {
    id: 'start-method',
    term: 'start method (fork, spawn, forkserver)',
    short: 'How multiprocessing starts a child process: by copying the parent, or by starting a fresh interpreter.',
    long:
      '*fork* copies the parent as it is. *spawn* starts a new interpreter that imports the program. *forkserver* ' +
      'starts a small server process once, which forks a clean child on each request. spawn and forkserver also ' +
      "start a `resource_tracker` process, which cleans up after the children and has no part in a queue's hang.",
    see: ['fork', 'feeder-thread'],
    words: ['forkserver', 'resource_tracker'],
  },
  {
    id: 'gil',
    term: 'GIL (global interpreter lock)',
    short: 'The lock a CPython thread must hold to run Python code: one per process, so threads take turns.',
    long:
      'Two threads of one Python process can wait in the kernel at the same time, but only one runs Python code at ' +
      'a time; processes each have their own. That is why multiprocessing exists, and with it the queue and its ' +
      'pipe.',
    see: ['thread', 'feeder-thread'],
    words: ['GIL'],
  },
  {
    id: 'feeder-thread',
    term: 'feeder thread',
    short:
      'The background thread a multiprocessing.Queue starts on the first put(): it pickles each object and writes it ' +
      "into the queue's pipe.",
    long:
      '`put()` only appends to a buffer in memory and returns at once. The feeder thread (named `QueueFeederThread`) ' +
      'takes objects from that buffer, pickles them, and writes each as a length and a payload into the pipe, where ' +
      "it blocks when the pipe is full. At exit, a process joins its queues' feeder threads, so it cannot end while " +
      'one is blocked; `cancel_join_thread()` gives that up, and with it whatever was not written.',
    see: ['pipe', 'pickle', 'futex-do-wait', 'finalizer'],
    words: ['QueueFeederThread'],
  },
  {
    id: 'pickle',
    term: 'pickle',
    short: "Python's way of turning an object into bytes (and back); a queue sends every object as a pickle.",
    long:
      'A pickle is a little program of opcodes: a protocol marker, frames, one opcode per value or group of values, ' +
      'memo marks and a stop. `pickletools.dis()` lists them. A queue frames each pickle with a length in front, so ' +
      'its size on the pipe is a little more than the data.',
    see: ['frame', 'feeder-thread'],
  },
  {
    id: 'frame',
    term: 'frame (of a message)',
    short: "A message as it travels through the pipe: a length header, then the pickle's bytes.",
    long:
      "`multiprocessing.connection` writes the pickle's length as a big-endian number, then the pickle. Small frames " +
      'go in one `write()`; above a threshold, header and payload are two writes, and the kernel files them into ' +
      'page slots separately. (A pickle also has FRAME opcodes of its own: a different thing with the same word.)',
    see: ['pickle', 'page'],
  },
  {
    id: 'finalizer',
    term: 'finalizer (multiprocessing)',
    short: 'A function multiprocessing runs when a process exits; a queue registers one that joins its feeder thread.',
    long:
      '`multiprocessing.util.Finalize` records a callback with an exit priority; `_exit_function` runs the remaining ' +
      "ones as the process leaves. The queue's finalizer joins the feeder thread, which is where a child with a " +
      'blocked feeder stays.',
    see: ['feeder-thread', 'futex'],
  },
] as const satisfies readonly Entry[];

export const NODE_TERMS = [
  {
    id: 'v8-worker',
    term: 'V8Worker',
    short:
      "A helper thread of Node's JavaScript engine (garbage collection, compilation): housekeeping, not the program.",
    long:
      'Every Node process starts a few V8 platform workers. Idle, they sleep in futex waits; an autopsy folds them ' +
      'into one line because they neither cause nor end a hang.',
    see: ['thread', 'futex', 'libuv-worker'],
    words: ['V8Worker'],
  },
  {
    id: 'libuv-worker',
    term: 'libuv worker',
    short:
      'A thread of the pool Node uses for blocking work (file system calls among them): a write into a full pipe ' +
      'blocks one.',
    long:
      'Node hands file operations, `fs.write` to a pipe included, to a small pool of libuv threads so the JavaScript ' +
      'thread never blocks. Idle, they wait in futexes (housekeeping); one blocked in `write()` is the Node twin of ' +
      "a queue's feeder thread.",
    see: ['fs-req-callback', 'epoll-pwait', 'feeder-thread'],
    words: ['libuv-worker'],
  },
  {
    id: 'fs-req-callback',
    term: 'FSReqCallback',
    short:
      "Node's record of a file-system request still in progress, such as an fs.write a libuv worker has not finished.",
    long:
      "`process.getActiveResourcesInfo()` lists what keeps Node's event loop alive; an unfinished `fs.write` shows " +
      'as `FSReqCallback`. While one is pending, Node does not exit.',
    see: ['libuv-worker', 'epoll-pwait'],
    words: ['FSReqCallback'],
  },
] as const satisfies readonly Entry[];
