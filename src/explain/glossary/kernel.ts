// The glossary's words of the kernel and the system: pipes and fds, system calls and the wait
// channels a sleeping thread shows, futexes, fork and threads (see ../glossary.ts).
import type { Entry } from '../glossary.ts';

export const KERNEL_TERMS = [
  {
    id: 'pipe',
    term: 'pipe',
    short: 'A one-way channel in the kernel: bytes written into one end wait there until someone reads the other end.',
    long:
      'A pipe has a write end and a read end, each a file descriptor. The kernel keeps the bytes in between in a ' +
      'small buffer of page slots; when it is full, a writer waits until a reader makes room. ' +
      '`fcntl(fd, F_GETPIPE_SZ)` asks how big it is; `F_SETPIPE_SZ` makes it bigger, up to ' +
      '`/proc/sys/fs/pipe-max-size`.',
    see: ['fd', 'page', 'anon-pipe-write', 'socketpair'],
    words: ['pipe'],
  },
  {
    id: 'fd',
    term: 'file descriptor (fd)',
    short: 'The small number a process uses to name something it has open: a file, an end of a pipe, a socket.',
    long:
      'Every open file, pipe end or socket of a process has a number in its table. Standard input, output and error ' +
      'are the first three. `ls -l /proc/PID/fd` shows what each points at, such as `pipe:[inode]`: two fds ' +
      'showing the same inode number are two ends (or copies) of one pipe. fork copies the whole table into the child.',
    see: ['pipe', 'fork'],
    words: ['fd'],
  },
  {
    id: 'syscall',
    term: 'system call',
    short: 'A request a program makes to the kernel: read, write, wait for a child, sleep on a futex.',
    long:
      'Everything a program does outside its own memory goes through a system call. A thread that waits does so ' +
      'inside one; `/proc/PID/task/TID/syscall` shows which, with its arguments, and `strace -p PID` prints them as ' +
      'they happen.',
    see: ['wchan', 'proc'],
  },
  {
    id: 'wchan',
    term: 'wait channel (wchan)',
    short:
      'The kernel function a sleeping thread waits in, as /proc shows it: do_wait, futex_do_wait, anon_pipe_write.',
    long:
      '`/proc/PID/task/TID/wchan` names where in the kernel a sleeping thread is parked; ' +
      '`ps -eLo pid,tid,wchan:32,comm` lists it for every thread. It says what kind of event will wake the thread: a ' +
      'child ending, a futex, room in a pipe. Its names change between kernel versions.',
    see: ['do-wait', 'futex-do-wait', 'anon-pipe-write', 'state-s'],
    words: ['wchan'],
  },
  {
    id: 'state-s',
    term: 'state S',
    short: 'Sleeping: the thread waits for an event (a pipe, a lock, a child), and a signal can interrupt it.',
    long:
      'The kernel shows each thread in a state: R is running or ready to run, S is sleeping in an interruptible ' +
      'wait, D is an uninterruptible wait (usually disk I/O), Z is a zombie (ended, not yet reaped). A program is ' +
      'hung when every thread sleeps in S on something only the program itself could end.',
    see: ['wchan', 'hang'],
  },
  {
    id: 'proc',
    term: '/proc',
    short:
      "The kernel's window on every process: its threads, their states, wait channels, system calls and open fds, as " +
      'files.',
    long:
      'Under `/proc/PID/` are `stat` (state, start time), `task/TID/` (one folder a thread, with its own `wchan` and ' +
      '`syscall`), `fd/` (the open file descriptors) and more. hangtime reads them, twenty-odd times a second, to ' +
      'prove a hang and take its autopsy.',
    see: ['wchan', 'fd', 'syscall'],
  },
  {
    id: 'futex',
    term: 'futex',
    short:
      'The kernel call threads use to sleep until another thread wakes them: locks, conditions and thread joins end ' +
      'in one.',
    long:
      'A "fast userspace mutex": as long as nobody has to wait, a lock is taken without the kernel; a thread that ' +
      "must wait calls `futex` and sleeps on an address until another thread wakes it. Python's `Thread.join()` and " +
      "locks, and Node's worker threads when idle, wait in futexes; without a timeout such a wait never ends by " +
      'itself.',
    see: ['futex-do-wait', 'feeder-thread'],
    words: ['futex'],
  },
  {
    id: 'futex-do-wait',
    term: 'futex_do_wait',
    short: 'The kernel function a thread sleeps in during a futex wait (the name differs on other kernels).',
    long:
      "Seen as the wait channel of a thread waiting for a lock or for another thread to end. In Bob's child, the " +
      "main thread sits here at exit: it joins the queue's feeder thread, which cannot finish.",
    see: ['futex', 'wchan'],
    words: ['futex_do_wait', 'futex_wait_queue', 'futex_wait_queue_me'],
  },
  {
    id: 'wait4',
    term: 'wait4',
    short: 'The system call a parent makes to wait for a child process to end.',
    long:
      "Python's `os.waitpid()`, and so `Process.join()`, end in `wait4`; without `WNOHANG` it sleeps until a child " +
      'exits. The kernel parks the caller in `do_wait`.',
    see: ['do-wait', 'fork'],
    words: ['wait4', 'waitid'],
  },
  {
    id: 'do-wait',
    term: 'do_wait',
    short:
      'The kernel function where wait4 sleeps until a child changes state: the wait channel of a parent in join().',
    long:
      'A parent thread in `do_wait` wakes when one of its children exits (or stops). If the child cannot exit, the ' +
      'parent sleeps on.',
    see: ['wait4', 'wchan'],
    words: ['do_wait'],
  },
  {
    id: 'anon-pipe-write',
    term: 'anon_pipe_write',
    short: 'The kernel function that writes into a pipe; a writer sleeps in it while the pipe is full.',
    long:
      'Older kernels call it `pipe_write`. A thread whose wait channel is this one is blocked in a `write()` to a ' +
      'full pipe, and wakes only when a reader takes bytes out of the other end.',
    see: ['pipe', 'wchan', 'eagain'],
    words: ['anon_pipe_write', 'pipe_write'],
  },
  {
    id: 'anon-pipe-read',
    term: 'anon_pipe_read',
    short: 'The kernel function that reads from a pipe; a reader sleeps in it while the pipe is empty.',
    long:
      'Older kernels call it `pipe_read`. A thread whose wait channel is this one is blocked in a `read()` of an ' +
      'empty pipe, and wakes when a writer puts bytes in, or when every write end is closed (the read then returns ' +
      'nothing: end of file).',
    see: ['pipe', 'wchan', 'anon-pipe-write'],
    words: ['anon_pipe_read', 'pipe_read'],
  },
  {
    id: 'fifo',
    term: 'FIFO (named pipe)',
    short: 'A pipe with a name in the file system: any process that opens the name gets an end of it.',
    long:
      'Made with `mkfifo`. Opening one for reading waits until some process opens it for writing, and the other way ' +
      'round; after that it behaves as a pipe. `ls -l /proc/PID/fd` shows it by its path.',
    see: ['pipe', 'fd'],
    words: ['fifo', 'FIFO'],
  },
  {
    id: 'poll',
    term: 'poll and select',
    short: 'The system calls that wait for any of several file descriptors to be ready, with or without a timer.',
    long:
      'A thread in `poll()` or `select()` sleeps in the kernel function `poll_schedule_timeout` (the name says ' +
      'nothing about whether a timer is set: the timeout is an argument of the call). It wakes when any of its fds ' +
      'is ready, or when its timer, if any, runs out.',
    see: ['epoll-pwait', 'wchan', 'fd'],
    words: ['poll_schedule_timeout', 'do_sys_poll', 'do_select', 'ppoll', 'pselect6'],
  },
  {
    id: 'eagain',
    term: 'EAGAIN',
    short: 'The error a non-blocking call returns instead of waiting: try again later.',
    long:
      'A file descriptor set non-blocking never makes its caller wait: a `write()` into a full pipe fails with ' +
      '`EAGAIN` (Python raises `BlockingIOError`). Filling a pipe until `EAGAIN` is how its size is measured.',
    see: ['pipe', 'anon-pipe-write'],
    words: ['EAGAIN'],
  },
  {
    id: 'epoll-pwait',
    term: 'epoll_pwait',
    short: 'The system call an event loop sleeps in, waiting for any of many file descriptors or a timer.',
    long:
      "Node's event loop (libuv) waits in `epoll_wait` or `epoll_pwait` between events. Its timeout argument tells a " +
      'loop with a timer pending (it wakes by itself) from one with nothing left to wait for but the outside world.',
    see: ['libuv-worker', 'fd'],
    words: ['epoll_pwait', 'epoll_wait', 'epoll_pwait2', 'do_epoll_wait'],
  },
  {
    id: 'fork',
    term: 'fork',
    short: 'The system call that copies a process: memory, open fds, even the call stack of the thread that called it.',
    long:
      'The child starts as a copy of its parent with one thread, the one that called `fork()`, in the middle of the ' +
      "same call stack. That is why a forked child's Python stack still shows the parent's frames below its own: it " +
      'returned from the same `start()` the parent called. Its file descriptors are copies too, so both hold the ' +
      'ends of every pipe.',
    see: ['fd', 'wait4'],
    words: ['fork', 'clone'],
  },
  {
    id: 'page',
    term: 'page',
    short:
      'The unit in which the kernel manages memory; `getconf PAGESIZE` prints its size. A pipe is a ring of page ' +
      'slots.',
    long:
      'A pipe keeps its bytes in page-sized slots. A small write is put into the last slot only if it fits there ' +
      'whole; otherwise it takes a fresh slot. So a full pipe may hold fewer bytes than its size, and how many ' +
      'depends on the sizes of the writes.',
    see: ['pipe', 'pipe-buf'],
  },
  {
    id: 'pipe-buf',
    term: 'PIPE_BUF',
    short: 'The largest write into a pipe that the kernel keeps whole: it never interleaves with another writer.',
    long:
      'A write of at most `PIPE_BUF` bytes (one page on Linux) lands in one piece or waits. A bigger write may be ' +
      'split: the kernel copies what fits, and a blocking writer sleeps until it can copy the rest.',
    see: ['page', 'pipe'],
  },
  {
    id: 'socketpair',
    term: 'socketpair',
    short: "Two connected sockets made by one call: what Node's `stdio: 'pipe'` gives a child instead of a real pipe.",
    long:
      "A socketpair carries bytes both ways, like a pipe in each direction. How much it holds is the kernel's memory " +
      'accounting for sockets, not a fixed byte count, so a child writing into an unread one stops at a less ' +
      'predictable point than with a pipe.',
    see: ['pipe', 'fd'],
    words: ['socket'],
  },
  {
    id: 'thread',
    term: 'thread',
    short: 'One line of execution inside a process; a process has at least one, and they share its memory and fds.',
    long:
      'The kernel schedules threads, not processes: each has its own state, wait channel and system call. A Python ' +
      "process may have a main thread and a queue's feeder thread; a Node process has its JavaScript thread, V8's " +
      "helpers and libuv's pool.",
    see: ['feeder-thread', 'libuv-worker', 'v8-worker'],
  },
] as const satisfies readonly Entry[];
