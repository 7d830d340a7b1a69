// Runtime housekeeping, told apart from the program: the one rule, used by the watcher (a
// helper never keeps a tree from being hung) and by the autopsy (a helper is folded away).
// V8's platform threads, libuv workers idle in their pool, tsx's esbuild service, Python's
// resource tracker and forkserver run in every program of their runtime; none is the program.

/** What a helper is; src/explain puts it into words. */
export type HelperKind =
  | 'esbuild-service'
  | 'resource-tracker'
  | 'forkserver'
  | 'v8-worker'
  | 'v8-delayed-tasks'
  | 'inspector-signal'
  | 'idle-uv-worker'
  | 'io-uring-worker';

/** Node's own threads, by the name the kernel shows (comm is cut at 15 characters). */
const NODE_THREADS: Record<string, HelperKind> = {
  V8Worker: 'v8-worker',
  DelayedTaskSche: 'v8-delayed-tasks',
  SignalInspector: 'inspector-signal',
};

/** Whether a whole process is a runtime's helper, from its argv (as /proc/PID/cmdline splits it). */
export function helperProcessKind(argv: readonly string[]): HelperKind | null {
  const exe = argv[0] ?? '';
  // tsx's loader starts `esbuild --service=VERSION --ping` and keeps it for the process's life.
  if (exe.slice(exe.lastIndexOf('/') + 1).startsWith('esbuild') && argv.some((a) => a.startsWith('--service')))
    return 'esbuild-service';
  // Python starts these as `python3 -c 'from multiprocessing.resource_tracker import main;main(5)'`.
  const code = argv.join(' ');
  if (code.includes('multiprocessing.resource_tracker')) return 'resource-tracker';
  if (code.includes('multiprocessing.forkserver')) return 'forkserver';
  return null;
}

/**
 * The same, knowing the parent's argv: a forkserver's workers keep its command line (fork does not
 * change it), yet they run the program's code. A process whose parent is itself a forkserver is a
 * worker, not the server: never housekeeping for that reason.
 */
export function helperProcessKindOf(
  argv: readonly string[],
  parentArgv: readonly string[] | null | (() => readonly string[] | null),
): HelperKind | null {
  const kind = helperProcessKind(argv);
  if (kind !== 'forkserver') return kind;
  // Read only when it matters (a look every 20 ms must not pay for every parent's command line).
  const parent = typeof parentArgv === 'function' ? parentArgv() : parentArgv;
  return parent && helperProcessKind(parent) === 'forkserver' ? null : kind;
}

/**
 * Whether a thread is runtime housekeeping, from its kernel name and the syscall it is in. A libuv
 * worker is housekeeping only while idle in its pool (an untimed futex wait); one blocked in a
 * write is doing the program's work (Node's twin of Python's feeder thread).
 */
export function helperThreadKind(name: string, syscall: { name: string; timed: boolean }): HelperKind | null {
  const named = namedHelperKind(name);
  if (named) return named;
  if (name === 'libuv-worker' && syscall.name === 'futex' && !syscall.timed) return 'idle-uv-worker';
  return null;
}

/** A thread that is a runtime's helper by its name alone, whatever it is doing (not a libuv worker). */
export function namedHelperKind(name: string): HelperKind | null {
  const node = NODE_THREADS[name];
  if (node) return node;
  // io_uring's kernel workers live in the task list of the process that set the ring up.
  if (/^iou-(wrk|sqp)-/.test(name)) return 'io-uring-worker';
  return null;
}

/**
 * The same rule as the wait-for analysis asks it (src/runner/waits, HousekeepingRule): a whole
 * process by its raw command line (thread ''), a thread by its name and syscall. `machinery` are
 * processes of the engine's own inside the tree (the launcher): housekeeping whole.
 */
export function housekeepingRule(machinery: ReadonlySet<number> = new Set()): (t: {
  pid: number;
  thread: string;
  command: string;
  /** The parent's raw command line, when known (a forkserver's workers share its command line). */
  parentCommand?: string;
  syscall: string;
  timed: boolean;
}) => boolean {
  const argv = (command: string) => command.replace(/\0$/, '').split('\0');
  return (t) =>
    machinery.has(t.pid) ||
    helperProcessKindOf(argv(t.command), t.parentCommand ? argv(t.parentCommand) : null) !== null ||
    (t.thread !== '' && helperThreadKind(t.thread, { name: t.syscall, timed: t.timed }) !== null);
}
