// The Autopsy: the facts of a hung tree, taken just before the kill — every process, its
// pipes and sockets, every thread's state, syscall, stack and wait-for facts (what it waits on,
// who could end it). Facts only: the sentences and the drawing that explain them are made when
// shown, by src/explain.
import { z } from 'zod';
import { AUTOPSY_VERSION } from '../versions.ts';
import { Syscall } from '../watch/syscall-schema.ts';
import { Endpoint, ThreadWait } from './wait-schema.ts';

export { AUTOPSY_VERSION, Syscall };
// A thread's wait as the autopsy keeps it, named apart from the wait-for facts' own types (which
// runner/schema.ts re-exports whole): the same shapes, less a futex word's address and value and the
// command of a process of the tree.
export type {
  On as StoredOn,
  Wakers as StoredWakers,
  ThreadWait as StoredWait,
  Watched as StoredWatched,
  Futex as StoredFutex,
} from './wait-schema.ts';

/** An open fd that can carry data between processes: a pipe, a FIFO or a socket. */
export const Fd = z.object({
  fd: z.number().int(),
  kind: z.enum(['pipe', 'fifo', 'socket']),
  /** Kernel inode of the pipe or socket (normalized: 1, 2, 3… in order of first sight). */
  inode: z.number().int(),
  /** Which end, from the fd's open flags in /proc/PID/fdinfo. */
  dir: z.enum(['read', 'write', 'both']),
});
export type Fd = z.infer<typeof Fd>;

export const Frame = z.object({ file: z.string(), line: z.number().int(), func: z.string() });
export type Frame = z.infer<typeof Frame>;

export const Thread = z.object({
  tid: z.number().int(),
  /** The runtime's name when it says (Python's threading names), else the kernel's comm. */
  name: z.string(),
  isMain: z.boolean(),
  state: z.string(),
  wchan: z.string(),
  syscall: Syscall,
  /** Runtime housekeeping (V8 platform workers, idle libuv workers…): not the program. */
  housekeeping: z.boolean(),
  /** Innermost frame first; null when the runtime gave no stack for this thread. */
  stack: z.array(Frame).nullable(),
  /** A thread of the same process this one is joining, when the stack shows a join. */
  joins: z.number().int().nullable(),
  /** What it waits on and who could end that wait (the wait-for facts); null: not read for it. */
  wait: ThreadWait.nullable(),
});
export type Thread = z.infer<typeof Thread>;

/** A libuv handle a Node process holds (from its hook): what its event loop waits for. */
export const Handle = z.object({
  /** The handle's own class, as Node names it: TCP, Pipe, TTY, UDP, Process, FSEvent, Timer… */
  type: z.string(),
  /** Reading (a stream), or otherwise active (a child process, a watcher). */
  active: z.boolean(),
  referenced: z.boolean(),
  /** A listening server (net.Server), rather than a connection. */
  server: z.boolean(),
  /** A stream whose reading the program paused (socket.pause()); null: not a readable stream. */
  paused: z.boolean().nullable(),
  /** A child process handle's pid, a stream handle's fd. */
  pid: z.number().int().nullable(),
  fd: z.number().int().nullable(),
  /** Bytes a stream handle still has to write (its write queue). */
  writeQueue: z.number().int().nullable(),
});
export type Handle = z.infer<typeof Handle>;

/** How a process ended: its exit code, or the signal that killed it. */
export const Exit = z.object({ code: z.number().int().nullable(), signal: z.string().nullable() });
export type Exit = z.infer<typeof Exit>;

/** A child a Node process started (a ChildProcess it still holds), from its hook. */
export const Spawned = z.object({
  pid: z.number().int(),
  /** How it ended, as the parent's ChildProcess knows; null while it runs. */
  exit: Exit.nullable(),
  /** The parent's fds on the child's stdin, stdout, stderr still open (null: not a pipe, or closed). */
  stdio: z.array(z.number().int().nullable()),
});
export type Spawned = z.infer<typeof Spawned>;

export const Process = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  cmdline: z.array(z.string()),
  runtime: z.enum(['py', 'node', 'other']),
  /** A runtime helper as a whole (tsx's esbuild service, Python's resource tracker…). */
  housekeeping: z.boolean(),
  fds: z.array(Fd),
  threads: z.array(Thread),
  /** 'taken', or why not: e.g. "unavailable: the main thread is blocked in a system call". */
  stacks: z.string(),
  handles: z.array(Handle).nullable(),
  /** Kernel state (S, Z…); a zombie has exited and not been reaped: it has no threads. */
  state: z.string(),
  /** A zombie's exit status (the exit_code field of /proc/PID/stat); null for a live process. */
  exit: Exit.nullable(),
  /** Node: the children its ChildProcess objects know, ended or not; null: not a hooked Node. */
  spawned: z.array(Spawned).nullable(),
  /**
   * Node: what keeps its event loop alive, as process.getActiveResourcesInfo() names it (TCPServerWrap,
   * Timeout, FSReqCallback…).
   */
  resources: z.array(z.string()).nullable(),
});
export type Process = z.infer<typeof Process>;

/** A pipe or socket seen in the tree, with how full it is when the system can say. */
export const Channel = z.object({
  inode: z.number().int(),
  kind: z.enum(['pipe', 'fifo', 'socket']),
  /** Bytes waiting to be read, and the capacity (pipes); null: unknown. */
  filled: z.number().int().nullable(),
  capacity: z.number().int().nullable(),
  /** A socket's other end (its inode), when the kernel could say; null: unknown. */
  peer: z.number().int().nullable(),
  /** What a socket is, from the socket tables of /proc/PID/net; null: a pipe, or not found there. */
  socket: z
    .object({
      proto: z.enum(['unix', 'tcp', 'udp']),
      /** UNIX: stream, dgram, seqpacket; TCP/UDP: the IP family. */
      type: z.string(),
      /** TCP: LISTEN, ESTABLISHED…; UNIX: listening, connected…; UDP: connected or not. */
      state: z.string(),
      local: Endpoint.nullable(),
      remote: Endpoint.nullable(),
      /** A UNIX socket's path (@name for an abstract one); null: unnamed. */
      path: z.string().nullable(),
    })
    .nullable(),
});
export type Channel = z.infer<typeof Channel>;

/** An autopsy that was taken: the tree as /proc showed it. */
export const TakenAutopsy = z.object({
  status: z.literal('taken'),
  version: z.literal(AUTOPSY_VERSION),
  /** Pids, tids and inodes replaced by stable small numbers (P1, T1, pipe A). */
  normalized: z.boolean(),
  rootPid: z.number().int(),
  /** How long taking it took, in ms (0 when normalized). */
  costMs: z.number(),
  /** Where that time went: reading /proc, then waiting for stacks and the helper (0 when normalized). */
  phases: z.object({ procMs: z.number(), waitMs: z.number() }),
  processes: z.array(Process),
  channels: z.array(Channel),
  /**
   * Where the threads' wait-for facts come from: those the verdict judged (read moments before),
   * read by the autopsy itself, or none (no /proc).
   */
  waitsFrom: z.enum(['verdict', 'autopsy', 'none']),
  /** Processes of the machine whose fds could not be read: a holder among them would go unseen. */
  unreadable: z.number().int(),
});
export type TakenAutopsy = z.infer<typeof TakenAutopsy>;

/** An autopsy that could not be taken, and why (no /proc here, the tree was gone, over budget…). */
export const FailedAutopsy = z.object({ status: z.literal('failed'), reason: z.string() });
export type FailedAutopsy = z.infer<typeof FailedAutopsy>;

export const Autopsy = z.discriminatedUnion('status', [TakenAutopsy, FailedAutopsy]);
export type Autopsy = z.infer<typeof Autopsy>;
