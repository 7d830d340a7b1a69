// The facts of a wait-for graph: for each thread of a run, what it waits on and who could end
// that wait, with the evidence /proc gave for each. Facts only: no words for readers here.

/** Why a process could end a wait; every role can be checked again in /proc. */
export type Role =
  /** It holds an fd on the object that ends the wait: the other end of a pipe, a socket's peer, a terminal's master. */
  | { role: 'holds'; fd: number; object: string; end: 'read' | 'write' | 'both' | null }
  /** It holds a file lock that blocks the wait (its line in /proc/locks). */
  | { role: 'locks'; line: string }
  /**
   * Its exit or stop ends the wait: a child waited for (wait4, waitid), a pidfd's process, a child
   * whose SIGCHLD the process catches.
   */
  | { role: 'exits'; state: string }
  /** It maps the shared memory of a futex (a line of /proc/PID/maps: dev inode path). */
  | { role: 'maps'; mapping: string }
  /** A thread of the waiting process itself (a private futex, an eventfd or a pipe it alone holds). */
  | { role: 'same process' };

export interface ProcessWaker {
  pid: number;
  command: string;
  role: Role;
}

export type OutsideWaker =
  | ({ kind: 'process' } & ProcessWaker)
  /**
   * A network peer whose holder is not known: not a socket of this machine's network namespace
   * (another machine, a container), or a socket here held by a process this user cannot read.
   */
  | { kind: 'remote'; proto: 'tcp' | 'udp'; address: string; port: number }
  /**
   * Nobody yet: the wait ends when some process arrives (connects to a listening socket, sends
   * to a bound address, opens a FIFO, sends a signal, changes a watched file, types on a terminal).
   */
  | { kind: 'door'; door: 'connect' | 'send' | 'open' | 'signal' | 'change' | 'input'; target: string };

export interface Wakers {
  /** Processes of the run that could end the wait (their threads, any of them). */
  inside: ProcessWaker[];
  outside: OutsideWaker[];
  /** The wait ends by itself: what the timer is ('timeout 1000 ms', 'an armed timerfd'), else null. */
  timer: string | null;
  /** What could end the wait but could not be identified. Never a hang while this is not empty. */
  unknown: string[];
}

export interface Endpoint {
  address: string;
  port: number;
}
export type Op = 'read' | 'write' | 'connect';

/** What one thread waits on, by kind. `fd` is the waiting process's fd number. */
export type On =
  | { kind: 'running'; state: string }
  | { kind: 'pipe'; fd: number; inode: number; op: Op; fifo: string | null }
  | { kind: 'fifo-open'; path: string; op: Op }
  | {
      kind: 'unix';
      fd: number;
      inode: number;
      op: Op;
      type: string;
      state: string;
      path: string | null;
      peer: number | null;
      /**
       * For a connect() not yet connected: the path it asked for ('@name': an abstract socket),
       * read from the caller's memory; null when it could not be read.
       */
      to?: string | null;
    }
  | {
      kind: 'tcp' | 'udp';
      fd: number;
      inode: number;
      op: Op;
      family: 4 | 6;
      state: string;
      local: Endpoint;
      remote: Endpoint | null;
      peer: number | null;
    }
  | { kind: 'socket'; fd: number; inode: number; op: Op; detail: string }
  | { kind: 'lock'; fd: number; lock: 'flock' | 'posix' | 'ofd'; path: string; dev: string; inode: number }
  | { kind: 'futex'; futexes: Futex[] }
  | { kind: 'poll'; call: string; fds: Watched[] }
  | { kind: 'children'; which: number; children: { pid: number; state: string }[] }
  | { kind: 'signal'; call: string }
  | { kind: 'eventfd'; fd: number; id: number | null }
  | { kind: 'timerfd'; fd: number; armed: boolean }
  | { kind: 'inotify'; fd: number; watches: number }
  | { kind: 'pidfd'; fd: number; pid: number | null }
  | { kind: 'terminal'; fd: number; path: string; op: Op }
  | { kind: 'sleep'; call: string }
  /** System V / POSIX message queues and semaphores: any process with permission can end it. */
  | { kind: 'ipc'; call: string }
  | { kind: 'unknown'; call: string; detail: string };

export interface Futex {
  /** The futex word's address in the waiting process, hex. */
  uaddr: string;
  /** FUTEX_PRIVATE_FLAG, or memory no other process shares (a private mapping). */
  private: boolean;
  /** The shared mapping that holds the word (dev inode path), when it is shared. */
  mapping: string | null;
  /** The word's value, when /proc/PID/mem could be read. */
  value: number | null;
  /** A thread of the process whose tid the word holds (a join waits on it, a PI lock's owner): a hint, not a proof. */
  thread: number | null;
}

/** One fd that epoll, poll or select waits on, what it is and who could make it ready. */
export interface Watched {
  fd: number;
  events: ('in' | 'out' | 'pri')[];
  on: On;
  wakers: Wakers;
}

export interface ThreadWait {
  pid: number;
  tid: number;
  /** The thread's name (comm). */
  thread: string;
  /** R, S, D, T, …, from /proc/PID/task/TID/stat. */
  state: string;
  /** The syscall it sits in ('running', 'none' when blocked outside a syscall). */
  syscall: string;
  /** The syscall's own timeout is set (poll/epoll timeout >= 0, a timeout pointer, nanosleep). */
  timed: boolean;
  /** The runtime's own thread (V8 platform, idle libuv worker…): never a waker, never required to be blocked. */
  housekeeping: boolean;
  on: On;
  wakers: Wakers;
}

export interface RunProcess {
  pid: number;
  ppid: number;
  state: string;
  command: string;
  startTicks: number;
  housekeeping: boolean;
}

export interface WaitFacts {
  procRoot: string;
  processes: RunProcess[];
  threads: ThreadWait[];
  /** Processes on the machine whose fds could not be read: a holder among them would go unseen. */
  unreadable: number[];
  /** What the analysis cost, by step, in ms. */
  cost: Record<string, number>;
}

export interface ThreadRef {
  pid: number;
  tid: number;
}

/** The judgement over the facts (verdict.ts). */
export type Verdict =
  /** Every program thread blocked without a timeout, every waker inside the run and blocked so. */
  | { kind: 'hang'; threads: ThreadRef[] }
  /**
   * Some threads can only be woken by one another (`proven`), or only by one another and by
   * threads that wake on timers (`pollers`; not proven: a poller may yet release them).
   */
  | { kind: 'stuck'; proven: boolean; stuck: ThreadRef[]; pollers: ThreadRef[]; others: ThreadRef[] }
  /**
   * Blocked on something outside the run: each outside party, and the threads that wait (even
   * through others) on it.
   */
  | { kind: 'waiting'; outside: { waker: OutsideWaker; waiters: ThreadRef[] }[] }
  | { kind: 'not proven'; reason: string; unknown: { thread: ThreadRef; what: string }[] };
