// Stacks, taken just before the kill: STACKS_SIGNAL to every process that carries a hangtime hook,
// then a short, bounded wait for the files the hooks write (see launch.ts).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { basename, join } from 'node:path';
import type { Frame, Handle, Spawned } from './schema.ts';
import type { RawProcess } from './proc.ts';
import { signalIfSame } from '../../shared/process.ts';

/**
 * The signal the hooks answer with stacks: one Linux defines but never sends (a coprocessor stack
 * fault), so no program has a handler of its own for it. SIGUSR2, used before, is a reload or
 * restart signal to many servers: programs with their own handler acted on it mid-autopsy and
 * printed lines the hang never let them print.
 */
export const STACKS_SIGNAL = 'SIGSTKFLT';

export interface PyThreadInfo {
  ident: string;
  name: string;
  joins: number | null;
}
export interface TakenStacks {
  /** Python: frames by thread ident (hex), names and joins by native id. */
  py?: { frames: Map<string, Frame[]>; threads: Map<number, PyThreadInfo> };
  node?: NodeFacts;
  /** 'taken', 'partial: …' or 'unavailable: …' */
  status: string;
}

/** Parses faulthandler's text: "Thread 0x… (most recent call first):" then "  File "f", line N in fn". */
export function parseFaulthandler(text: string): Map<string, Frame[]> {
  const out = new Map<string, Frame[]>();
  let current: Frame[] | null = null;
  for (const line of text.split('\n')) {
    const head = /^(?:Current thread|Thread) (0x[0-9a-f]+)/.exec(line);
    if (head) {
      current = [];
      out.set(BigInt(head[1]!).toString(16), current);
      continue;
    }
    const f = /^\s+File "(.*)", line (\d+) in (.+)$/.exec(line);
    if (f && current) current.push({ file: f[1]!, line: Number(f[2]), func: f[3]! });
  }
  return out;
}

/** Parses py-PID.threads: "ident native_id joined_native_id name" per line. */
export function parsePyThreads(text: string): Map<number, PyThreadInfo> {
  const out = new Map<number, PyThreadInfo>();
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+) (\d+) (.*)$/.exec(line);
    if (m) out.set(Number(m[2]), { ident: BigInt(m[1]!).toString(16), joins: Number(m[3]) || null, name: m[4]! });
  }
  return out;
}

// The libuv report (the hook's fallback) names handle types in lower case; the hook uses the wraps' classes.
const TYPES: Record<string, string> = {
  tcp: 'TCP',
  pipe: 'Pipe',
  tty: 'TTY',
  udp: 'UDP',
  process: 'Process',
  timer: 'Timer',
  fs_event: 'FSEvent',
  fs_poll: 'FSPoll',
  poll: 'Poll',
  signal: 'Signal',
};
const STREAMS = new Set(['Pipe', 'TCP', 'UDP', 'TTY']);
const WAITABLE = new Set(['Process', 'Timer', 'FSEvent', 'FSPoll', 'Poll']);

export interface NodeFacts {
  handles: Handle[];
  resources: string[] | null;
  spawned: Spawned[] | null;
}

/** The handles that say what a loop waits for (our own signal handle excluded), and the rest of the hook's report. */
export function parseNodeHandles(json: string): NodeFacts {
  const r = JSON.parse(json) as {
    handles?: Record<string, unknown>[];
    libuv?: Record<string, unknown>[];
    resources?: unknown;
    spawned?: unknown;
  };
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const handles = (r.handles ?? r.libuv ?? [])
    .map((h): Record<string, unknown> & { type: string } => ({ ...h, type: TYPES[String(h.type)] ?? String(h.type) }))
    .filter(
      (h) =>
        h.is_referenced === true &&
        (STREAMS.has(h.type) || h.server === true || (WAITABLE.has(h.type) && h.is_active === true)),
    )
    .map((h) => ({
      type: h.type,
      active: h.is_active === true,
      referenced: true,
      server: h.server === true,
      paused: typeof h.paused === 'boolean' ? h.paused : null,
      pid: num(h.pid),
      fd: num(h.fd) !== null && num(h.fd)! >= 0 ? num(h.fd) : null,
      writeQueue: num(h.writeQueueSize),
    }));
  const resources = Array.isArray(r.resources) ? r.resources.map(String) : null;
  const spawned = Array.isArray(r.spawned)
    ? (r.spawned as Record<string, unknown>[]).map((c) => {
        const e = c.exit as { code?: unknown; signal?: unknown } | null;
        return {
          pid: Number(c.pid),
          exit: e ? { code: num(e.code), signal: typeof e.signal === 'string' ? e.signal : null } : null,
          stdio: Array.isArray(c.stdio) ? c.stdio.map(num) : [],
        };
      })
    : null;
  return { handles, resources, spawned };
}

/**
 * Whether a process catches the stacks signal now (/proc/PID/status SigCgt): a hook that was
 * never armed (python -I skips the startup hook) or was disarmed (a Node program that removed
 * every listener) leaves the default action, which would kill it.
 */
function catches(pid: number): boolean {
  const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(read(`/proc/${pid}/status`) ?? '');
  return m !== null && ((BigInt(`0x${m[1]}`) >> BigInt(constants.signals[STACKS_SIGNAL] - 1)) & 1n) === 1n;
}

/** Which hook a process carries: the Python hook leaves its stacks file; Node's is in its environment. */
function hookOf(p: RawProcess, stacksDir: string): 'py' | 'node' | null {
  // A forked child that exec'd another program keeps the file but not the handler: check the binary.
  if (basename(p.exe).startsWith('python') && existsSync(join(stacksDir, `py-${p.pid}.txt`))) return 'py';
  // Unhooked, a Node process dies of the signal: its environment must show the preload.
  const environ = basename(p.exe).startsWith('node') ? readEnviron(p.pid) : '';
  if (environ.includes(`HANGTIME_STACKS_DIR=${stacksDir}\0`) && /NODE_OPTIONS=[^\0]*report-hook\.cjs/.test(environ))
    return 'node';
  return null;
}

function readEnviron(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return '';
  }
}

const IO = new Set(['read', 'write', 'readv', 'writev', 'recvfrom', 'recvmsg', 'sendto', 'sendmsg', 'connect']);
/** Waits that any handled signal ends for good: the program goes on as if woken (pause() returns). */
const ENDED = new Set(['pause', 'rt_sigsuspend', 'rt_sigtimedwait', 'semop', 'semtimedop', 'msgrcv', 'msgsnd']);
/**
 * The kernel hands a process-directed signal to the main thread. Blocked in a read or write on a
 * pipe or socket, that thread would return early with a partial count and the program would go on
 * differently (before the kill, with output): such a process is left alone, without stacks. So is
 * one blocked in connect(): Python waits out an interrupted connect() by polling the socket, and a
 * UNIX socket whose connect was cut short polls ready with no error, so connect() returns as if it
 * had connected (seen: a hang on a full listener ended, exit 0, during its autopsy). And so is one in
 * a wait that any handled signal ends (pause(), sigsuspend, System V semaphores and messages).
 */
function interruptible(p: RawProcess): string | null {
  const main = p.threads.find((t) => t.tid === p.pid);
  return main && (IO.has(main.syscall.name) || ENDED.has(main.syscall.name)) ? `${main.syscall.name}()` : null;
}

const read = (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return null;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signals every hooked process at once and collects what arrives within `waitMs`. */
export async function takeStacks(
  procs: RawProcess[],
  stacksDir: string,
  waitMs = 60,
): Promise<Map<number, TakenStacks>> {
  const out = new Map<number, TakenStacks>();
  const pending = new Map<number, 'py' | 'node'>();
  for (const p of procs) {
    const hook = hookOf(p, stacksDir);
    if (!hook || !catches(p.pid)) {
      out.set(p.pid, { status: 'unavailable: no hangtime hook in this process' });
      continue;
    }
    const cut = interruptible(p);
    if (cut) {
      out.set(p.pid, { status: `not taken: the main thread is blocked in ${cut}, which a signal would cut short` });
      continue;
    }
    // A file from an earlier signal must not pass for this one's answer.
    rmSync(join(stacksDir, hook === 'py' ? `py-${p.pid}.threads` : `node-${p.pid}.json`), { force: true });
    // Only the process that was read (same start time): a pid reused meanwhile is a stranger.
    if (signalIfSame({ pid: p.pid, startTicks: p.startTicks ?? null }, STACKS_SIGNAL)) pending.set(p.pid, hook);
    else out.set(p.pid, { status: 'unavailable: the process is gone' });
  }
  const deadline = performance.now() + waitMs;
  while (pending.size) {
    for (const [pid, hook] of pending) {
      // The .threads file comes last (faulthandler is chained in front of it): it means done.
      const done =
        hook === 'py'
          ? existsSync(join(stacksDir, `py-${pid}.threads`))
          : existsSync(join(stacksDir, `node-${pid}.json`));
      if (done) {
        out.set(pid, collect(pid, hook, stacksDir, true));
        pending.delete(pid);
      }
    }
    if (!pending.size || performance.now() > deadline) break;
    await sleep(3);
  }
  for (const [pid, hook] of pending) out.set(pid, collect(pid, hook, stacksDir, false));
  return out;
}

function collect(pid: number, hook: 'py' | 'node', dir: string, done: boolean): TakenStacks {
  if (hook === 'node') {
    const json = done ? read(join(dir, `node-${pid}.json`)) : null;
    if (!json)
      return {
        status: 'unavailable: the main thread is blocked in a system call, so its event loop never ran the report',
      };
    try {
      return { node: parseNodeHandles(json), status: 'taken' };
    } catch {
      return { status: 'unavailable: the report could not be read' };
    }
  }
  const frames = parseFaulthandler(read(join(dir, `py-${pid}.txt`)) ?? '');
  const threads = done ? parsePyThreads(read(join(dir, `py-${pid}.threads`)) ?? '') : new Map<number, PyThreadInfo>();
  if (frames.size === 0) return { status: 'unavailable: faulthandler wrote nothing' };
  return {
    py: { frames, threads },
    status: done
      ? 'taken'
      : 'partial: stacks without thread names (the main thread never ran Python code after the signal)',
  };
}
