// takeAutopsy: a snapshot of a hung tree, just before the engine kills it. /proc first and the
// wait-for facts (the signal for stacks changes what a thread is blocked in), then stacks, pipe
// fill and socket peers in parallel, all bounded so a hang's confirmation is not held up.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { buildChannels, readSocketPeers, type Peer } from './channel-facts.ts';
import { helperProcessKindOf, helperThreadKind } from '../watch/housekeeping.ts';
import { treeOrder } from './order.ts';
import { readProcess, zombieChildren, type RawProcess } from './proc.ts';
import { AUTOPSY_VERSION } from '../versions.ts';
import type { Autopsy, FailedAutopsy, Process, Thread } from './schema.ts';
import { takeStacks, type TakenStacks } from './stacks.ts';
import { helperRunning, readChannelFill, type ChannelFill } from '../waits/unix-diag.ts';
import type { ThreadWait as FactWait, WaitFacts } from '../waits/index.ts';
import { storedWait, waitFactsFor, waitsByTid } from './waits.ts';

export interface AutopsyContext {
  /** Where the hooks of autopsyLaunch write stacks. */
  stacksDir: string;
  rootPid: number;
  /** When the run started (ISO): kept for the caller's clock, not needed here. */
  startedAt?: string;
  /** /proc, unless a test points elsewhere. @default '/proc' */
  procRoot?: string;
  /**
   * The whole autopsy's budget, in ms: what has not arrived by then (stacks, pipe fill, socket
   * peers) is reported as not in time, so a hang's confirmation is never held up longer. @default 90
   */
  budgetMs?: number;
  /**
   * The wait-for facts the verdict judged (read moments before): each thread's wait and wakers
   * come from them, so the autopsy says what the proof used. When absent they are read here.
   */
  waits?: WaitFacts;
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

function buildProcess(
  raw: RawProcess,
  stacks: TakenStacks | undefined,
  waits: Map<number, FactWait>,
  parent: RawProcess | undefined,
): Process {
  const runtime = raw.state === 'Z' ? 'other' : runtimeOf(raw);
  const helper = helperProcessKindOf(raw.cmdline, parent?.cmdline ?? null) !== null;
  const py = stacks?.py;
  const threads: Thread[] = raw.threads.map((t) => {
    const info = py?.threads.get(t.tid);
    // Python names its first thread MainThread whether or not the hook could ask it.
    const name = info?.name ?? (runtime === 'py' && t.tid === raw.pid ? 'MainThread' : t.comm);
    const housekeeping = helper || helperThreadKind(t.comm, t.syscall) !== null;
    const fact = waits.get(t.tid);
    return {
      tid: t.tid,
      name,
      isMain: t.tid === raw.pid,
      state: t.state,
      wchan: t.wchan,
      syscall: t.syscall,
      housekeeping,
      stack: info && py ? (py.frames.get(info.ident) ?? null) : null,
      joins: info?.joins ?? null,
      wait: fact && fact.pid === raw.pid && !housekeeping ? storedWait(fact) : null,
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
    stacks: raw.state === 'Z' ? 'none: the process has exited' : (stacks?.status ?? 'not taken'),
    handles: stacks?.node?.handles ?? null,
    state: raw.state,
    exit: raw.exit,
    spawned: stacks?.node?.spawned ?? null,
    resources: stacks?.node?.resources ?? null,
  };
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
    const budget = ctx.budgetMs ?? 90;
    // The helper starts when the tree first looks stuck; still starting, it gets longer than the
    // budget: a Python start-up is ~20 ms idle but hundreds under load, and its answer makes the pipe fill.
    const starting = !helperRunning();
    const stop = new AbortController();
    const all = [...pids, ...zombieChildren(root, pids)];
    const servedP: Promise<ChannelFill | null> =
      root === '/proc' ? readChannelFill(pids, starting ? HELPER_START_MS : 1000) : Promise.resolve(null);
    // A helper still starting answers late; `ss` names UNIX socket peers meanwhile.
    const peersP: Promise<Map<number, Peer>> = starting
      ? readSocketPeers(stop.signal)
      : servedP.then((s) => s?.sockets ?? readSocketPeers(stop.signal));
    const raws = treeOrder(
      all.map((pid) => readProcess(root, pid)).filter((p): p is RawProcess => p !== null),
      ctx.rootPid,
    );
    if (!raws.some((p) => p.state !== 'Z')) return failed(`none of the run's processes could be read in ${root}`);
    const facts = await waitFactsFor(pids, root, ctx.waits);
    const procMs = performance.now() - t0;
    const holders = raws.flatMap((p) => p.fds.map((fd) => ({ pid: p.pid, fd })));
    const hasSockets = holders.some((h) => h.fd.kind === 'socket');
    // Stacks get what is left of the budget, but at least 80 ms: the names and joins they bring
    // make the diagnosis, and on a loaded machine a signalled process waits that long for a CPU.
    // When every process answers (a few ms on an idle machine) the wait ends there.
    const left = () => Math.max(0, budget - (performance.now() - t0));
    const stacksP = takeStacks(
      raws.filter((p) => p.state !== 'Z'),
      ctx.stacksDir,
      Math.max(80, left() - 5),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), Math.max(starting ? HELPER_START_MS : 15, left()));
    });
    const [stacks, served, peers] = await Promise.all([
      stacksP,
      Promise.race([servedP, timeUp]),
      hasSockets ? Promise.race([peersP, timeUp]) : Promise.resolve(null),
    ]);
    const waitMs = performance.now() - t0 - procMs;
    clearTimeout(timer);
    stop.abort(); // helpers still running past the budget are killed, their answer dropped
    const byTid = waitsByTid(facts);
    const processes = raws.map((r) =>
      buildProcess(
        r,
        stacks.get(r.pid),
        byTid,
        raws.find((x) => x.pid === r.ppid),
      ),
    );
    const channels = buildChannels(root, holders, served?.fill ?? new Map(), peers);
    return {
      status: 'taken',
      version: AUTOPSY_VERSION,
      normalized: false,
      rootPid: ctx.rootPid,
      costMs: Math.round(performance.now() - t0),
      phases: { procMs: Math.round(procMs), waitMs: Math.round(waitMs) },
      processes,
      channels,
      waitsFrom: !facts ? 'none' : ctx.waits ? 'verdict' : 'autopsy',
      unreadable: facts?.unreadable.length ?? 0,
    };
  } catch (e) {
    return failed(`reading the tree failed (${(e as Error).message})`);
  }
}
