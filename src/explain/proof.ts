// The proof in words: what the engine's judgement of the wait-for graph found, for the status
// line — a stuck part and its pollers, what a waiting tree waits on (an address and port, an
// outside process, a door), why a timed-out tree could not be proven hung. Facts come from the
// RunResult's proof (src/runner/waits); only the words are made here.
import type { On, OutsideWaker, Proof, RunResult, ThreadRef } from '../runner/schema.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const basename = (command: string) => {
  const argv0 = command.split(' ')[0] ?? command;
  return argv0.slice(argv0.lastIndexOf('/') + 1) || command;
};
const endpoint = (e: { address: string; port: number }) =>
  `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}`;

/** The thread (and what it waits on) that an outside party could wake directly: a watched fd of a poll included. */
function waitOn(p: Proof, waker: OutsideWaker, waiters: ThreadRef[]): { on: On; pid: number } | null {
  const same = (o: OutsideWaker) => JSON.stringify(o) === JSON.stringify(waker);
  const find = (on: On, outside: OutsideWaker[]): On | null => {
    if (outside.some(same)) return on;
    if (on.kind !== 'poll') return null;
    for (const w of on.fds) {
      const hit = find(w.on, w.wakers.outside);
      if (hit) return hit;
    }
    return null;
  };
  const threads = [...p.threads].sort(
    (a, b) => Number(!waiters.some((w) => w.tid === a.tid)) - Number(!waiters.some((w) => w.tid === b.tid)),
  );
  for (const t of threads) {
    const hit = find(t.on, t.wakers.outside);
    if (hit) return { on: hit, pid: t.pid };
  }
  return null;
}

const DOORS: Record<Extract<OutsideWaker, { kind: 'door' }>['door'], (target: string, at: string) => string> = {
  connect: (t, at) =>
    `a new connection to ${t} (${at ? `${at} listens there` : 'a listening socket'}: ` +
    'any new client could end the wait)',
  // A datagram socket's door, or a System V / POSIX IPC object's (a semaphore, a message queue).
  send: (t) =>
    /IPC object/.test(t)
      ? `an operation on ${t} (any process allowed to may do one)`
      : `a datagram to ${t} (anyone may send one)`,
  open: (t) => `someone opening ${t}`,
  signal: (t) => (t === 'a signal' ? 'a signal from outside the run' : t),
  change: (t) => `a change to ${t}`,
  input: (t) => `input on the terminal ${t}`,
};

/** One outside party in words: "127.0.0.1:4555 (python3 pid 812, outside this run)". */
export function describeOutside(p: Proof, waker: OutsideWaker, waiters: ThreadRef[]): string {
  const at = waitOn(p, waker, waiters);
  if (waker.kind === 'door') {
    const door = at && p.processes.find((x) => x.pid === at.pid);
    return DOORS[waker.door](waker.target, door ? `${basename(door.command)} pid ${door.pid} of this run` : '');
  }
  if (waker.kind === 'remote') return `${endpoint(waker)} (${waker.proto}, held by no process this user can see)`;
  const who = `${basename(waker.command)} pid ${waker.pid}, outside this run`;
  const on = at?.on;
  if (on && (on.kind === 'tcp' || on.kind === 'udp') && on.remote) return `${endpoint(on.remote)} (${who})`;
  if (on?.kind === 'unix') return `the UNIX socket ${on.path ?? 'it is connected to'} (${who})`;
  if (on?.kind === 'lock') return `a ${on.lock} lock on ${on.path} (held by ${who})`;
  if (on?.kind === 'pipe') return `the other end of ${on.fifo ? `the FIFO ${on.fifo}` : 'a pipe'} (${who})`;
  if (waker.role.role === 'exits') return `the exit of ${who}`;
  return who;
}

/** Every outside party a waiting tree waits on, in words, joined. */
export function describeWaiting(p: Proof): string {
  if (p.verdict.kind !== 'waiting') return '';
  return p.verdict.outside.map((o) => describeOutside(p, o.waker, o.waiters)).join('; ');
}

/** A stuck verdict in words: "2 threads in a closed cycle, 1 poller". */
export function describeStuck(p: Proof): string {
  const v = p.verdict;
  if (v.kind !== 'stuck') return '';
  const parts = [`${plural(v.stuck.length, 'thread')} in a closed cycle`];
  if (v.pollers.length) parts.push(plural(v.pollers.length, 'poller'));
  if (v.others.length) parts.push(`${plural(v.others.length, 'other thread')} not stuck`);
  return parts.join(', ');
}

/**
 * What the last judgement says about a run that timed out (or was ended at its wait bound):
 * what it waited on, a stuck part, or why no hang could be proven. Null when there is nothing to say.
 */
export function describeTimeout(r: RunResult): string | null {
  const p = r.proof;
  if (!p && r.outcome.method === 'quiet-window')
    return "not proven hung: no /proc here, so no thread's wait could be seen";
  if (!p) return null;
  const v = p.verdict;
  switch (v.kind) {
    case 'waiting':
      return `waiting on ${describeWaiting(p)}`;
    case 'stuck':
      return v.proven
        ? `stuck at the end: ${describeStuck(p)}`
        : `stuck but not proven: ${describeStuck(p)} (a poller could still free them)`;
    case 'hang':
      return 'proven hung at the end';
    case 'not proven':
      return `not proven hung: ${v.reason}`;
  }
}
