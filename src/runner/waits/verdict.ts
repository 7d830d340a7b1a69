// The judgement: is the run's wait-for graph closed? A process is a waker as a whole (any of its
// threads could write the pipe, release the lock), so it counts as blocked only when all its
// program threads are. The runtime's housekeeping threads are never required to be blocked and
// never count as wakers, unless they are running (the watcher's rule).
import type { OutsideWaker, ThreadRef, ThreadWait, Verdict, WaitFacts } from './facts.ts';

const ref = (t: ThreadWait): ThreadRef => ({ pid: t.pid, tid: t.tid });
const name = (t: ThreadWait) => `thread ${t.tid} (${t.thread}) of process ${t.pid}`;

export function judgeWaits(f: WaitFacts): Verdict {
  const hkProc = new Set(f.processes.filter((p) => p.housekeeping).map((p) => p.pid));
  const deadProc = new Set(f.processes.filter((p) => p.state === 'Z' || p.state === 'X').map((p) => p.pid));
  const isProgram = (t: ThreadWait) => !t.housekeeping && !hkProc.has(t.pid);
  const program = f.threads.filter(isProgram);
  if (program.length === 0) return { kind: 'not proven', reason: 'no program thread is alive', unknown: [] };
  const byPid = new Map<number, ThreadWait[]>();
  for (const t of f.threads) byPid.set(t.pid, [...(byPid.get(t.pid) ?? []), t]);
  const isRunning = (t: ThreadWait) => t.on.kind === 'running';

  /** A waker process is blocked in X when each of its program threads is in X and none of its other threads runs. */
  const blockedIn = (pid: number, x: Set<ThreadWait>) => {
    if (deadProc.has(pid) || !byPid.has(pid)) return true; // exited: it can no longer act
    return byPid.get(pid)!.every((t) => (isProgram(t) ? x.has(t) : !isRunning(t)));
  };
  const hasTimer = (pid: number, x: Set<ThreadWait>) =>
    (byPid.get(pid) ?? []).some((t) => isProgram(t) && x.has(t) && t.wakers.timer !== null);
  /**
   * The largest set of candidates whose inside wakers are all blocked within the set. Candidates
   * may include threads in timed waits (pollers); a poller is then tolerated only behind a futex
   * (role 'same process' or 'maps': a lock whose owner /proc cannot name), never as the very party
   * waited for (a child's exit, the other end of a pipe, a lock's holder): a parent waiting for a
   * sleeping child is not stuck.
   */
  const closure = (candidates: ThreadWait[]) => {
    const x = new Set(candidates);
    const ok = (w: ThreadWait['wakers']['inside'][number]) =>
      blockedIn(w.pid, x) && (w.role.role === 'same process' || w.role.role === 'maps' || !hasTimer(w.pid, x));
    for (let changed = true; changed;) {
      changed = false;
      for (const t of x) {
        if (!t.wakers.inside.every(ok)) {
          x.delete(t);
          changed = true;
        }
      }
    }
    return x;
  };
  const sealed = (t: ThreadWait) => !isRunning(t) && t.wakers.outside.length === 0 && t.wakers.unknown.length === 0;
  // A process of the run whose fds could not be read may hold the other end of any pipe or socket
  // unseen: no closed graph can be claimed while one exists.
  const blind = f.processes.find((p) => f.unreadable.includes(p.pid));
  if (blind)
    return {
      kind: 'not proven',
      reason: `the fds of process ${blind.pid} (${blind.command}) of the run are unreadable`,
      unknown: [],
    };

  const strict = closure(program.filter((t) => sealed(t) && t.wakers.timer === null));
  if (strict.size === program.length) return { kind: 'hang', threads: program.map(ref) };
  if (strict.size > 0) {
    const rest = program.filter((t) => !strict.has(t));
    return {
      kind: 'stuck',
      proven: true,
      stuck: [...strict].map(ref),
      pollers: rest.filter((t) => !isRunning(t) && t.wakers.timer).map(ref),
      others: rest.filter((t) => isRunning(t) || !t.wakers.timer).map(ref),
    };
  }

  const running = program.filter(isRunning);
  if (running.length > 0) return { kind: 'not proven', reason: `${name(running[0]!)} is running`, unknown: [] };

  // Closed but for timers: stuck unless a poller ends it, which only time can tell.
  const withTimers = closure(program.filter(sealed));
  const stuck = [...withTimers].filter((t) => t.wakers.timer === null);
  if (stuck.length > 0) {
    const pollers = reach(stuck, byPid, isProgram).filter((t) => withTimers.has(t) && t.wakers.timer !== null);
    const named = new Set([...stuck, ...pollers]);
    return {
      kind: 'stuck',
      proven: false,
      stuck: stuck.map(ref),
      pollers: pollers.map(ref),
      others: program.filter((t) => !named.has(t)).map(ref),
    };
  }

  const unknown = program
    .filter((t) => t.wakers.unknown.length > 0)
    .map((t) => ({ thread: ref(t), what: t.wakers.unknown[0]! }));
  if (unknown.length > 0) {
    const first = program.find((t) => t.wakers.unknown.length > 0)!;
    return { kind: 'not proven', reason: `${name(first)}: ${first.wakers.unknown[0]}`, unknown };
  }

  // Waiting: blocked only on something outside the run. A wait that a timer of the run could end
  // is not that: its own timeout, or a process waited for (a pipe's or socket's other end, a
  // child) with a thread that wakes by itself. Behind a futex a poller is tolerated, as for stuck.
  const wakesByItself = (from: ThreadWait) => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const t = queue.pop()!;
      if (t.wakers.timer) return true;
      for (const w of t.wakers.inside) {
        const threads = (byPid.get(w.pid) ?? []).filter(isProgram);
        const behindFutex = w.role.role === 'same process' || w.role.role === 'maps';
        if (!behindFutex && threads.some((u) => u.wakers.timer)) return true;
        for (const u of threads)
          if (!u.wakers.timer && !seen.has(u)) {
            seen.add(u);
            queue.push(u);
          }
      }
    }
    return false;
  };
  const outside = new Map<string, { waker: OutsideWaker; waiters: ThreadRef[] }>();
  for (const t of program) {
    if (wakesByItself(t)) continue;
    for (const u of reach([t], byPid, isProgram)) {
      for (const o of u.wakers.outside) {
        const key = o.kind === 'process' ? `process ${o.pid}` : JSON.stringify(o);
        const entry = outside.get(key) ?? { waker: o, waiters: [] };
        if (!entry.waiters.some((w) => w.tid === t.tid)) entry.waiters.push(ref(t));
        outside.set(key, entry);
      }
    }
  }
  if (outside.size > 0) return { kind: 'waiting', outside: [...outside.values()] };
  const timed = program.find((t) => t.wakers.timer);
  return {
    kind: 'not proven',
    reason: timed ? `${name(timed)} wakes by itself: ${timed.wakers.timer}` : 'no wait could be judged',
    unknown: [],
  };
}

/** The threads whose progress these threads wait on, through their inside wakers, themselves included. */
function reach(
  from: ThreadWait[],
  byPid: Map<number, ThreadWait[]>,
  isProgram: (t: ThreadWait) => boolean,
): ThreadWait[] {
  const seen = new Set<ThreadWait>(from);
  const queue = [...from];
  while (queue.length) {
    const t = queue.pop()!;
    for (const w of t.wakers.inside) {
      for (const u of byPid.get(w.pid) ?? []) {
        if (isProgram(u) && !seen.has(u)) {
          seen.add(u);
          queue.push(u);
        }
      }
    }
  }
  return [...seen];
}
