// takeAutopsy: a snapshot of a hung tree, just before the engine kills it. /proc first
// (the signal for stacks changes what a thread is blocked in), then stacks, pipe fill and
// socket peers in parallel, all bounded so a hang's confirmation is not held up.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { askHelper, buildChannels, readSocketPeers, warmHelper } from './channels.ts';
import { fillServerRunning } from './fill-server.ts';
import { helperProcessKind, helperThreadKind } from '../watch/housekeeping.ts';
import { treeOrder } from './order.ts';
import { readProcess, type RawProcess } from './proc.ts';
import { AUTOPSY_VERSION, type Autopsy, type FailedAutopsy, type Process, type Thread } from './schema.ts';
import { takeStacks, type TakenStacks } from './stacks.ts';
import type { WaitFacts } from '../waits/index.ts';

export interface AutopsyContext {
  /** Where the hooks of autopsyLaunch write stacks. */
  stacksDir: string;
  rootPid: number;
  /** When the run started (ISO): kept for the caller's clock, not needed here. */
  startedAt?: string;
  /** /proc, unless a test points elsewhere. @default '/proc' */
  procRoot?: string;
  /** The wait-for facts the engine's verdict used (what each thread waits on, who could end it). */
  waits?: WaitFacts;
  /**
   * The whole autopsy's budget, in ms: what has not arrived by then (stacks, pipe fill, socket
   * peers) is reported as not in time, so a hang's confirmation is never held up longer. @default 90
   */
  budgetMs?: number;
}

/** How long the autopsy waits for a pipe-fill helper that is still starting, in ms. */
const HELPER_START_MS = 1000;

function failed(why: string): FailedAutopsy {
  return { status: 'failed', reason: why };
}

function runtimeOf(p: RawProcess): Process['runtime'] {
  const exe = basename(p.exe || p.cmdline[0] || '');
  return exe.startsWith('python') ? 'py' : exe.startsWith('node') ? 'node' : 'other';
}

function buildProcess(raw: RawProcess, stacks: TakenStacks | undefined): Process {
  const runtime = runtimeOf(raw);
  const helper = helperProcessKind(raw.cmdline) !== null;
  const py = stacks?.py;
  const threads: Thread[] = raw.threads.map((t) => {
    const info = py?.threads.get(t.tid);
    // Python names its first thread MainThread whether or not the hook could ask it.
    const name = info?.name ?? (runtime === 'py' && t.tid === raw.pid ? 'MainThread' : t.comm);
    return {
      tid: t.tid,
      name,
      isMain: t.tid === raw.pid,
      state: t.state,
      wchan: t.wchan,
      syscall: t.syscall,
      housekeeping: helper || helperThreadKind(t.comm, t.syscall) !== null,
      stack: info && py ? (py.frames.get(info.ident) ?? null) : null,
      joins: info?.joins ?? null,
    };
  });
  return {
    pid: raw.pid,
    ppid: raw.ppid,
    cmdline: raw.cmdline,
    runtime,
    housekeeping: helper,
    fds: raw.fds,
    threads,
    stacks: stacks?.status ?? 'not taken',
    handles: stacks?.node?.handles ?? null,
  };
}

async function helperAnswer(pids: number[]) {
  const now = askHelper(pids);
  if (now) return now;
  return (await warmHelper()) ? askHelper(pids) : null;
}

/** What every process and thread of the tree was waiting on, with its pipes, sockets and stacks. Never throws. */
export async function takeAutopsy(pids: number[], ctx: AutopsyContext): Promise<Autopsy> {
  const t0 = performance.now();
  const root = ctx.procRoot ?? '/proc';
  try {
    readdirSync(`${root}/self/task`);
  } catch {
    return failed(`${root} is missing or unreadable here, so the waits of the hung processes cannot be read`);
  }
  try {
    // The helpers start first: their start-up overlaps the reading of /proc.
    const budget = ctx.budgetMs ?? 90;
    // A helper still starting (it starts when the tree first looks stuck) gets longer than the
    // budget: a Python start-up is ~20 ms idle but hundreds under load, and its answer makes the pipe fill.
    const starting = !fillServerRunning();
    const stop = new AbortController();
    // The warm helper answers both (waited for, within the budget, when it is still starting);
    // without python3 there is no pipe fill, and `ss` names socket peers.
    const served = root === '/proc' ? helperAnswer(pids) : Promise.resolve(null);
    const fillP = served.then((s) => s?.fill ?? new Map<number, [number, number]>());
    // A helper still starting answers pipe fill late; `ss` names socket peers meanwhile.
    const peersP = starting
      ? readSocketPeers(stop.signal)
      : served.then((s) => s?.peers ?? readSocketPeers(stop.signal));
    const raws = treeOrder(
      pids.map((pid) => readProcess(root, pid)).filter((p): p is RawProcess => p !== null),
      ctx.rootPid,
    );
    if (!raws.length) return failed(`none of the run's processes could be read in ${root}`);
    const procMs = performance.now() - t0;
    const holders = raws.flatMap((p) => p.fds.map((fd) => ({ pid: p.pid, fd })));
    const hasSockets = holders.some((h) => h.fd.kind === 'socket');
    // Stacks get what is left of the budget, but at least 80 ms: the names and joins they bring
    // make the diagnosis, and on a loaded machine a signalled process waits that long for a CPU.
    // When every process answers (a few ms on an idle machine) the wait ends there.
    const left = () => Math.max(0, budget - (performance.now() - t0));
    const stacksP = takeStacks(raws, ctx.stacksDir, Math.max(80, left() - 5));
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), Math.max(starting ? HELPER_START_MS : 15, left()));
    });
    const [stacks, fill, peers] = await Promise.all([
      stacksP,
      Promise.race([fillP, timeUp]),
      hasSockets ? Promise.race([peersP, timeUp]) : Promise.resolve(null),
    ]);
    const waitMs = performance.now() - t0 - procMs;
    clearTimeout(timer);
    stop.abort(); // helpers still running past the budget are killed, their answer dropped
    const processes = raws.map((r) => buildProcess(r, stacks.get(r.pid)));
    // A socket's peer is part of the picture even when it is the only one that is not ours.
    const channels = buildChannels(holders, fill ?? new Map(), peers);
    for (const c of [...channels]) {
      if (c.peer !== null && !channels.some((x) => x.inode === c.peer)) {
        const s = peers?.get(c.peer);
        channels.push({ inode: c.peer, kind: 'socket', filled: s?.recvQ ?? null, capacity: null, peer: c.inode });
      }
    }
    return {
      status: 'taken',
      version: AUTOPSY_VERSION,
      normalized: false,
      rootPid: ctx.rootPid,
      costMs: Math.round(performance.now() - t0),
      phases: { procMs: Math.round(procMs), waitMs: Math.round(waitMs) },
      processes,
      channels,
    };
  } catch (e) {
    return failed(`reading the tree failed (${(e as Error).message})`);
  }
}
