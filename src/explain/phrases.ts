// Pieces of the diagnosis's sentences that need only the autopsy: lists, how full a channel is,
// whose stdio an fd is, a wait on a channel, and the words for waits that are neither I/O nor a lock.
import type { TakenAutopsy } from '../runner/schema.ts';
import type { Io, Wait } from './graph.ts';
import { channelLabel, group3, programProcesses, roleOf, syscallText } from './labels.ts';
import { endpoint, exitWords, onWords } from './wait-words.ts';

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const STDIO = ['stdin', 'stdout', 'stderr'];

export function listWith(items: string[], prefix: string): string {
  const parts = items.map((s) => `${prefix}${s}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
}
export const orList = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
const andList = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** Holders as a list of pids: other processes of the tree in tree order first, the waiting one last. */
export function order(a: TakenAutopsy, holders: { pid: number }[], self: number): number[] {
  const pids = [...new Set(holders.map((h) => h.pid))].filter((pid) => a.processes.some((p) => p.pid === pid));
  const rank = (pid: number) => (pid === self ? 1e9 : a.processes.findIndex((p) => p.pid === pid));
  return pids.sort((x, y) => rank(x) - rank(y));
}

/**
 * What is established about a blocked writer's channel: the kernel blocks a writer only when the
 * channel has no room for more of its write. A pipe full to its size is ", which is full". A pipe
 * with fewer bytes than its size may still refuse more: its room is counted in page slots (a part
 * smaller than a page goes into the last slot only if it fits there whole), so the bytes are said
 * beside the words. A socket's room is memory accounting, not a byte count, and varies run to
 * run: the amounts stay in the channel data; the sentence says only what is certain.
 */
export function fillWords(a: TakenAutopsy, w: Io): string {
  if (w.kind === 'read') return '';
  const c = a.channels.find((x) => x.inode === w.inode);
  if (c?.kind !== 'socket' && c?.filled != null && c.capacity != null) {
    if (c.filled >= c.capacity) return ', which is full';
    return (
      `, which takes no more (${group3(c.filled)} of ${group3(c.capacity)} bytes queued: ` +
      "a pipe's room is counted in page slots, not bytes)"
    );
  }
  return ', which takes no more';
}

/**
 * A thread blocked on a channel, in the call itself or in select/poll/epoll: "is blocked writing
 * 105,665 bytes into pipe 9790, which is full". A listening socket is read by accept(): a
 * connection ends the wait; an unconnected datagram socket, a message. Neither has another end.
 */
export function ioWords(a: TakenAutopsy, w: Io): string {
  const label = channelLabel(a, w.inode);
  const what =
    w.kind === 'write' || w.shape === 'stream'
      ? null
      : w.shape === 'listener'
        ? `for a connection on ${label}, a listening socket`
        : `for a datagram on ${label}, which is connected to no other socket`;
  const more = w.others ? ` (and on ${w.others} other fd${w.others === 1 ? '' : 's'})` : '';
  if (w.via)
    return what
      ? `is waiting in ${w.via}() ${what}${more}`
      : w.kind === 'write'
        ? `is waiting in ${w.via}() to write into ${label}${fillWords(a, w)}${more}`
        : `is waiting in ${w.via}() to read from ${label}${more}`;
  const bytes = w.bytes !== null ? `${group3(w.bytes)} bytes ` : '';
  if (what) return `is waiting ${what}`;
  return w.kind === 'write'
    ? `is blocked writing ${bytes}into ${label}${fillWords(a, w)}`
    : `is blocked reading from ${label}`;
}

/** ", the stdout of child P3, which exited with code 0": the fd is a child's stdio, as the Node hook knows. */
export function stdioWords(a: TakenAutopsy, w: Io): string {
  for (const c of a.processes.find((p) => p.pid === w.pid)?.spawned ?? []) {
    const i = c.stdio.indexOf(w.fd);
    if (i < 0) continue;
    const inTree = a.processes.some((p) => p.pid === c.pid);
    const who = inTree ? roleOf(a, c.pid) : `child ${a.normalized ? `P${c.pid}` : c.pid}`;
    return `, the ${STDIO[i]} of ${who}${c.exit ? `, which ${exitWords(c.exit)}` : ''}`;
  }
  return '';
}

/** A wait that is neither I/O on a channel nor a lock, in its facts' words where they say more than the syscall. */
export function otherWords(a: TakenAutopsy, w: Extract<Wait, { kind: 'other' }>): string {
  const p = a.processes.find((x) => x.pid === w.pid)!;
  const t = p.threads.find((x) => x.tid === w.tid)!;
  const on = t.wait?.on;
  const others = [...new Set((w.ends?.inside ?? []).filter((x) => x.pid !== w.pid).map((x) => roleOf(a, x.pid)))];
  const also = (one: string, many: string) =>
    others.length ? ` that ${andList(others)} also ${others.length > 1 ? many : one}` : '';
  switch (on?.kind) {
    case 'running':
      return 'is running on a CPU, waiting on nothing';
    case 'futex': {
      const shared = on.futexes.find((f) => !f.private && f.mapping);
      if (shared && others.length) {
        const path = shared.mapping!.replace(/^[0-9a-f]+:[0-9a-f]+ \d+ ?/, '') || 'an unnamed mapping';
        return `is in futex wait on shared memory (${path})${also('maps', 'map')}`;
      }
      break;
    }
    case 'eventfd':
      return `is blocked reading an eventfd (fd ${on.fd})${also('holds', 'hold')}`;
    case 'signal':
      return on.call === 'stopped' ? 'is stopped (SIGSTOP)' : `is waiting for a signal (${on.call})`;
    case 'terminal':
      return `is waiting for input on ${on.path}`;
    case 'inotify':
      return 'is waiting for a change to a watched path (inotify)';
    case 'timerfd':
      return `is blocked reading ${on.armed ? 'an armed' : 'a disarmed'} timerfd (fd ${on.fd})`;
    case 'fifo-open':
      return `is blocked opening fifo ${on.path} for ${on.op === 'write' ? 'writing' : 'reading'}`;
    case 'unix':
    case 'tcp':
    case 'udp':
    case 'socket': {
      if (on.op !== 'connect') break;
      // A UNIX stream connect() blocks only while its listener's queue of connections not yet accepted is full.
      if (on.kind === 'unix' && on.to)
        return `is waiting in connect() on ${onWords(a, on)} to ${on.to}, for room in its listener's queue`;
      const to = 'remote' in on && on.remote ? ` to ${endpoint(on.remote)}` : '';
      return `is waiting in connect() on ${onWords(a, on)}${to}`;
    }
  }
  return `is in ${syscallText(a, p, t)}`;
}

/** "Child P3 exited with code 3 and has not been reaped.": processes of the tree that exited, not named yet. */
export function unreaped(a: TakenAutopsy, named: Set<number>): string[] {
  return programProcesses(a)
    .filter((p) => p.exit && !named.has(p.pid))
    .map((p) => `${cap(roleOf(a, p.pid))} ${exitWords(p.exit!)} and has not been reaped.`);
}

/**
 * The last words over waits no chain of pipes, sockets or locks links, when nothing outside could
 * end them: a thread on a CPU is not blocked (nothing may say it cannot move); waits on one
 * another, none can move; a lone wait, only its own thread could end it (no other program thread
 * is left to); else that nothing links them.
 */
export function unchainedEnd(a: TakenAutopsy, told: Set<number>, o: { linked: boolean; cycle: boolean }): string {
  const running = a.processes.some((p) => p.threads.some((t) => told.has(t.tid) && t.wait?.on.kind === 'running'));
  if (running) return 'A thread that runs is not blocked: nothing here says it would not finish.';
  if (o.cycle) return 'They wait on one another: none can move.';
  if (o.linked) return 'None of them can move.';
  return told.size === 1
    ? 'Only the thread that waits could end its wait: it cannot move.'
    : 'No pipe or socket links these waits.';
}
