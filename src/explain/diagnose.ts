// From the wait graph (the autopsy's wait-for facts) to a few sentences a reader can follow:
// start at a thread blocked on a pipe, a socket or a lock, say who holds the other end (as the
// facts name them) and what each holder is doing, follow the chain until it closes, then say who
// could still end it: nobody, someone outside the run, or what the system cannot tell. General:
// no program's names in here. Every link said is a link of the facts, and a link of the facts is
// never denied (tests/unit/explain/diagnose.test.ts checks both over every fixture).
import { findCycle, links, waitGraph, type Ends, type Io, type Wait } from './graph.ts';
import { channelLabel, possessive, programProcesses, roleOf, syscallText, threadName } from './labels.ts';
import { exitWords, outsideWords } from './wait-words.ts';
import { cap, fillWords, ioWords, listWith, orList, order, otherWords, stdioWords } from './phrases.ts';
import { unchainedEnd, unreaped } from './phrases.ts';
import type { Autopsy, OutsideWaker, Process, TakenAutopsy, Thread } from '../runner/schema.ts';

type Linked = Io | Extract<Wait, { kind: 'lock' }>;

class Narrator {
  a: TakenAutopsy;
  waits: Wait[];
  told = new Set<number>(); // tids already narrated
  involved = new Set<number>(); // pids in the story
  outside: OutsideWaker[] = [];
  unknown: string[] = [];
  timers: string[] = [];
  named = new Set<string>(); // outside parties a sentence already described (as JSON)
  constructor(a: TakenAutopsy) {
    this.a = a;
    this.waits = waitGraph(a);
  }

  proc(pid: number): Process | undefined {
    return this.a.processes.find((p) => p.pid === pid);
  }
  thread(pid: number, tid: number): Thread | undefined {
    return this.proc(pid)?.threads.find((t) => t.tid === tid);
  }
  program(p: Process): Thread[] {
    return p.threads.filter((t) => !t.housekeeping);
  }
  waitOf(tid: number): Wait | undefined {
    return this.waits.find((w) => w.tid === tid);
  }
  /** What else could end the waits told: kept for the closing sentence. */
  note(ends: Ends | null): void {
    for (const o of ends?.outside ?? [])
      if (!this.outside.some((x) => JSON.stringify(x) === JSON.stringify(o))) this.outside.push(o);
    for (const u of ends?.unknown ?? []) if (!this.unknown.includes(u)) this.unknown.push(u);
    if (ends?.timer && !this.timers.includes(ends.timer)) this.timers.push(ends.timer);
  }

  /** "the child's thread QueueFeederThread", or just "the parent" when it has one thread. */
  subject(w: Wait): string {
    const p = this.proc(w.pid)!;
    const role = roleOf(this.a, p.pid);
    return this.program(p).length === 1 ? role : `${possessive(role)} ${threadName(this.thread(w.pid, w.tid)!)}`;
  }

  /** The verb phrase of a wait: "is blocked writing 105,665 bytes into pipe 9790, which is full". */
  phrase(w: Wait): string {
    const a = this.a;
    this.note(w.kind === 'child' || w.kind === 'join' ? null : w.ends);
    if (w.kind === 'write' || w.kind === 'read') this.note(w.loop);
    switch (w.kind) {
      case 'write':
      case 'read': {
        const label = channelLabel(a, w.inode);
        if (w.via === 'loop')
          return w.queued
            ? `is idle in its event loop, with output still queued for ${label}${fillWords(this.a, w)}`
            : `is idle in its event loop, waiting to read from ${label}${stdioWords(this.a, w)}`;
        return ioWords(this.a, w);
      }
      case 'lock':
        return `is waiting for a ${w.lock} lock on ${w.path}`;
      case 'child':
        return w.children.length === 1
          ? `is waiting for ${roleOf(a, w.children[0]!)} to exit`
          : 'is waiting for its children to exit';
      case 'join': {
        const t = this.thread(w.pid, w.target);
        return `is waiting for ${t ? (t.isMain ? 'the main thread' : t.name) : 'another thread'} to finish`;
      }
      case 'loop': {
        const parts = [
          ...w.children.map((c) => `${roleOf(a, c)} to exit`),
          ...w.workers.map((tid) =>
            this.told.has(tid) ? 'that write to finish' : `its ${threadName(this.thread(w.pid, tid)!)} to finish`,
          ),
        ];
        return parts.length
          ? `is idle in its event loop, waiting for ${parts.join(' and ')}`
          : `is idle in its event loop (${this.sys(w)})`;
      }
      default:
        return otherWords(this.a, w);
    }
  }

  sys(w: Wait): string {
    return syscallText(this.a, this.proc(w.pid)!, this.thread(w.pid, w.tid)!);
  }

  /** What a holder of the other end is doing, e.g. "the parent, which is waiting for the child to exit". */
  holder(pid: number, from: Wait, next: Linked[]): string {
    const p = this.proc(pid)!;
    const role = pid === from.pid ? `${roleOf(this.a, pid)} itself` : roleOf(this.a, pid);
    if (p.housekeeping) return `${role} (a runtime helper)`;
    if (p.exit) return `${role}, which ${exitWords(p.exit)} and has not been reaped`;
    const already = this.involved.has(pid) && pid !== from.pid;
    this.involved.add(pid);
    if (already) {
      const first = this.waits.find((w) => w.pid === pid && w.kind === 'write' && this.told.has(w.tid));
      return first && first.kind === 'write'
        ? `${role}, the one blocked writing into ${channelLabel(this.a, first.inode)}`
        : role;
    }
    const rest = this.program(p).filter((t) => !this.told.has(t.tid));
    if (
      rest.length === 0 &&
      pid === from.pid &&
      (from.kind === 'write' || from.kind === 'read') &&
      from.via === 'loop'
    ) {
      // Its event loop holds the other end: the hook says whether it reads it.
      const fd = from.ends.inside.find((x) => x.pid === pid && x.fd !== null)?.fd ?? null;
      const h = p.handles?.find((x) => x.fd !== null && x.fd === fd);
      if (h?.paused) return `${role}, which paused reading it (fd ${fd})`;
      if (h && !h.active) return `${role}, which is not reading it (fd ${fd})`;
    }
    if (rest.length === 0 && pid === from.pid && (from.kind === 'write' || from.kind === 'read'))
      return from.kind === 'write'
        ? `${role}, which cannot read while it is blocked writing`
        : `${role}, which cannot write while it is blocked reading`;
    if (rest.length === 0) return role;
    const single = this.program(p).length === 1;
    const clauses = rest.map((t) => {
      const w = this.waitOf(t.tid)!;
      if ((w.kind === 'write' || w.kind === 'lock') && !next.length) next.push(w);
      this.told.add(t.tid);
      return single ? `which ${this.phrase(w)}` : `whose ${threadName(t)} ${this.phrase(w)}`;
    });
    return `${role}, ${clauses.join(', and ')}`;
  }

  /** One link of the chain: the blocked wait, then who holds the other end (or the lock); returns the next link. */
  link(w: Linked, first: boolean, out: string[]): Linked | null {
    this.told.add(w.tid);
    this.involved.add(w.pid);
    if (first) out.push(`${cap(this.subject(w))} ${this.phrase(w)}.`);
    this.note(w.ends);
    const c = w.kind === 'lock' ? undefined : this.a.channels.find((x) => x.inode === w.inode);
    const end =
      w.kind === 'lock' ? 'lock' : c?.kind === 'socket' ? 'other end' : w.kind === 'write' ? 'read end' : 'write end';
    // A listening or unconnected datagram socket has no other end: what could end its wait is said in closing.
    const endless = w.kind !== 'lock' && w.shape !== 'stream';
    const lockers = w.ends.inside.filter((x) => x.role === 'locks');
    const inside = w.kind === 'lock' && lockers.length ? lockers : w.ends.inside.filter((x) => x.role === 'holds');
    const farOnes = w.ends.outside.filter((o) => o.kind !== 'door');
    for (const o of farOnes) this.named.add(JSON.stringify(o));
    const far = farOnes.map((o) =>
      o.kind === 'process'
        ? `by ${outsideWords(this.a, o)}`
        : `at ${outsideWords(this.a, o, true)}, where no process this user can see holds it`,
    );
    const pids = order(this.a, inside, w.pid);
    const next: Linked[] = [];
    const items = pids.map((pid) => this.holder(pid, w, next));
    const where = c?.kind === 'socket' && c.peer !== null ? ` (${channelLabel(this.a, c.peer)})` : '';
    const open = w.kind === 'lock' ? (lockers.length ? 'is held by' : 'may be held by') : 'is open in';
    const its = endless ? 'It' : `Its ${end}${where}`;
    if (items.length) out.push(`${its} ${endless ? 'is also open in' : open} ${listWith(items, 'in ').slice(3)}.`);
    if (far.length)
      out.push(`${items.length ? 'It is also' : `${its} is`} held outside the run, ${far.join(' and ')}.`);
    if (!items.length && !far.length && !endless)
      out.push(
        w.ends.unknown.length
          ? `Where its ${end} is, the system cannot say (${w.ends.unknown[0]}).`
          : `Its ${end} is open nowhere.`,
      );
    return next[0] ?? null;
  }

  /** Who could still end the waits told: nobody (`nobody`), whom the facts name outside, or that it cannot be said. */
  closing(nobody: string): string {
    const these = this.told.size > 1 ? 'these waits' : 'this wait';
    const outside = this.outside.map((o) => outsideWords(this.a, o, this.named.has(JSON.stringify(o))));
    // A timer ends a wait as surely as anyone outside: a wait with both is said to have both.
    if (this.outside.length && this.timers.length)
      return `Nothing inside the run will end ${these} but a timer (${this.timers.join('; ')}) or ${orList(outside)}.`;
    if (this.outside.length) return `Nothing inside the run will end ${these}; only ${orList(outside)} could.`;
    if (this.unknown.length) return `Whether anything else could end it, the system cannot say: ${this.unknown[0]}.`;
    if (this.timers.length) return `Nothing inside the run will end it but a timer (${this.timers.join('; ')}).`;
    return nobody;
  }
}

/** The diagnosis of a hung tree, in sentences, from the autopsy's facts (computed when shown). */
export function diagnose(a: TakenAutopsy): string {
  const n = new Narrator(a);
  const chain = n.waits.filter((w): w is Linked => w.kind === 'write' || w.kind === 'read' || w.kind === 'lock');
  const start = chain.find((w) => w.kind === 'write') ?? chain.find((w) => w.kind === 'read') ?? chain[0];
  const out: string[] = [];
  if (!start) {
    for (const w of n.waits) {
      n.told.add(w.tid);
      n.involved.add(w.pid);
      out.push(`${cap(n.subject(w))} ${n.phrase(w)}.`);
    }
    out.push(...unreaped(a, n.involved));
    if (!out.length) return 'No program thread was found alive.';
    const linked = links(a);
    const cycle = findCycle(n.waits);
    if (linked.length && !cycle)
      out.push(
        `${cap(channelLabel(a, linked[0]!.inode))} links ${roleOf(a, linked[0]!.from)} ` +
          `to ${roleOf(a, linked[0]!.to)}, which holds its other end.`,
      );
    out.push(n.closing(unchainedEnd(a, n.told, { linked: linked.length > 0, cycle: cycle !== null })));
    return out.join(' ');
  }
  let link: Linked | null = start;
  for (let first = true; link; first = false) link = n.link(link, first, out);
  out.push(...unreaped(a, n.involved));
  const reading = chain.some((w) => w.kind === 'read');
  const count = [...n.involved].filter((pid) => programProcesses(a).some((p) => p.pid === pid && !p.exit)).length;
  const who = count <= 1 ? 'it cannot move' : count === 2 ? 'neither can move' : 'none can move';
  const nobody =
    start.kind === 'lock'
      ? 'Nobody will let go'
      : start.shape !== 'stream'
        ? `Nobody will ${start.shape === 'listener' ? 'connect' : 'send'}`
        : start.kind === 'write' && !reading
          ? 'Nobody will read'
          : 'Nobody will write';
  out.push(n.closing(`${nobody}: ${who}.`));
  return out.join(' ');
}

/** The sentence for any autopsy a result may hold: the diagnosis, or why there is none. */
export function explainAutopsy(a: Autopsy | null): string {
  if (!a) return 'No autopsy was taken.';
  return a.status === 'taken' ? diagnose(a) : `No autopsy: ${a.reason}.`;
}
