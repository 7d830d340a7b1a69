// The wait-for facts of each thread, as the autopsy keeps them: those the verdict judged when the
// caller passes them, else read here (before the stacks signal, which moves threads).
import { readWaits, type WaitFacts } from '../waits/index.ts';
import { listProcesses } from '../watch/procfs.ts';
import type { On as FactOn, ThreadWait as FactWait, Wakers as FactWakers } from '../waits/facts.ts';
import type { On, ThreadWait, Wakers } from './wait-schema.ts';

/** Facts for the pids: the given ones, or read now; null when they cannot be read. */
export async function waitFactsFor(pids: number[], root: string, given?: WaitFacts): Promise<WaitFacts | null> {
  if (given) return given;
  try {
    // The machine's processes, so that kernel threads (no fds) are left out of the fd scan.
    const machine = root === '/proc' ? listProcesses() : undefined;
    return await readWaits({ pids, procRoot: root, machine });
  } catch {
    return null;
  }
}

function wakers(w: FactWakers): Wakers {
  return {
    // The command of a process of the tree is in the autopsy already.
    inside: w.inside.map((x) => ({ pid: x.pid, role: x.role })),
    outside: w.outside.map((o) => ({ ...o })),
    timer: w.timer,
    unknown: [...w.unknown],
  };
}

function on(o: FactOn): On {
  switch (o.kind) {
    case 'futex':
      // The word's address and value change with every run (ASLR, counters): not kept.
      return {
        kind: 'futex',
        futexes: o.futexes.map((f) => ({ private: f.private, mapping: f.mapping, thread: f.thread })),
      };
    case 'poll':
      return {
        kind: 'poll',
        call: o.call,
        fds: o.fds.map((w) => ({ fd: w.fd, events: [...w.events], on: on(w.on), wakers: wakers(w.wakers) })),
      };
    default:
      return structuredClone(o);
  }
}

/** One thread's facts as the autopsy stores them. */
export function storedWait(t: FactWait): ThreadWait {
  return { on: on(t.on), wakers: wakers(t.wakers) };
}

/** The facts of each thread, by tid. */
export function waitsByTid(facts: WaitFacts | null): Map<number, FactWait> {
  return new Map((facts?.threads ?? []).map((t) => [t.tid, t]));
}
