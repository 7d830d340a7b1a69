// What a thread of a hung tree waits on and who could end it, as the autopsy stores it: the
// wait-for facts of src/runner/waits (facts.ts) that the verdict used, kept with each thread.
// The same shapes, less what changes from run to run without meaning (a futex word's address
// and value) and less what the autopsy holds elsewhere (the command of a process of the tree).
// The schemas are built on first use (a parse), not when the module loads: a run that never
// validates an autopsy (the CLI's `hangtime run`) pays nothing for them.
import { z } from 'zod';
import type * as Facts from '../waits/facts.ts';

function build() {
  const Endpoint = z.object({ address: z.string(), port: z.number().int() });
  const Op = z.enum(['read', 'write', 'connect']);

  /** Why a process could end a wait (see waits/facts.ts Role). */
  const Role = z.discriminatedUnion('role', [
    z.object({
      role: z.literal('holds'),
      fd: z.number().int(),
      /** What it holds: pipe:[N], socket:[N], a path, "eventfd N", a pty master. */
      object: z.string(),
      end: z.enum(['read', 'write', 'both']).nullable(),
    }),
    /** Its line of /proc/locks. */
    z.object({ role: z.literal('locks'), line: z.string() }),
    /** Its exit ends the wait (a child waited for); its state then. */
    z.object({ role: z.literal('exits'), state: z.string() }),
    z.object({ role: z.literal('maps'), mapping: z.string() }),
    z.object({ role: z.literal('same process') }),
  ]);

  const OutsideWaker = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('process'), pid: z.number().int(), command: z.string(), role: Role }),
    z.object({
      kind: z.literal('remote'),
      proto: z.enum(['tcp', 'udp']),
      address: z.string(),
      port: z.number().int(),
    }),
    z.object({
      kind: z.literal('door'),
      door: z.enum(['connect', 'send', 'open', 'signal', 'change', 'input']),
      target: z.string(),
    }),
  ]);

  const Wakers = z.object({
    /** Processes of the tree that could end the wait. */
    inside: z.array(z.object({ pid: z.number().int(), role: Role })),
    outside: z.array(OutsideWaker),
    /** The wait ends by itself: what the timer is; null: it does not. */
    timer: z.string().nullable(),
    /** What could end it but could not be identified. */
    unknown: z.array(z.string()),
  });

  const Futex = z.object({
    private: z.boolean(),
    /** The shared mapping that holds the word (dev inode path), when shared. */
    mapping: z.string().nullable(),
    /** A thread of the process whose tid the word holds (a join, a PI lock's owner): a hint. */
    thread: z.number().int().nullable(),
  });

  const fdOn = { fd: z.number().int(), inode: z.number().int(), op: Op };
  const simple = [
    z.object({ kind: z.literal('running'), state: z.string() }),
    z.object({ kind: z.literal('pipe'), ...fdOn, fifo: z.string().nullable() }),
    z.object({ kind: z.literal('fifo-open'), path: z.string(), op: Op }),
    z.object({
      kind: z.literal('unix'),
      ...fdOn,
      type: z.string(),
      state: z.string(),
      path: z.string().nullable(),
      peer: z.number().int().nullable(),
      to: z.string().nullable().optional(),
    }),
    z.object({
      kind: z.enum(['tcp', 'udp']),
      ...fdOn,
      family: z.union([z.literal(4), z.literal(6)]),
      state: z.string(),
      local: Endpoint,
      remote: Endpoint.nullable(),
      peer: z.number().int().nullable(),
    }),
    z.object({ kind: z.literal('socket'), ...fdOn, detail: z.string() }),
    z.object({
      kind: z.literal('lock'),
      fd: z.number().int(),
      lock: z.enum(['flock', 'posix', 'ofd']),
      path: z.string(),
      dev: z.string(),
      inode: z.number().int(),
    }),
    z.object({ kind: z.literal('futex'), futexes: z.array(Futex) }),
    z.object({
      kind: z.literal('children'),
      which: z.number().int(),
      children: z.array(z.object({ pid: z.number().int(), state: z.string() })),
    }),
    z.object({ kind: z.literal('signal'), call: z.string() }),
    z.object({ kind: z.literal('eventfd'), fd: z.number().int(), id: z.number().int().nullable() }),
    z.object({ kind: z.literal('timerfd'), fd: z.number().int(), armed: z.boolean() }),
    z.object({ kind: z.literal('inotify'), fd: z.number().int(), watches: z.number().int() }),
    z.object({ kind: z.literal('pidfd'), fd: z.number().int(), pid: z.number().int().nullable() }),
    z.object({ kind: z.literal('terminal'), fd: z.number().int(), path: z.string(), op: Op }),
    z.object({ kind: z.literal('sleep'), call: z.string() }),
    z.object({ kind: z.literal('ipc'), call: z.string() }),
    z.object({ kind: z.literal('unknown'), call: z.string(), detail: z.string() }),
  ] as const;
  const Watched: z.ZodType<Watched> = z.lazy(() =>
    z.object({ fd: z.number().int(), events: z.array(z.enum(['in', 'out', 'pri'])), on: On, wakers: Wakers }),
  );
  const On: z.ZodType<On> = z.union([
    ...simple,
    z.object({ kind: z.literal('poll'), call: z.string(), fds: z.array(Watched) }),
  ]);
  const ThreadWait: z.ZodType<ThreadWait> = z.object({ on: On, wakers: Wakers });
  return { Endpoint, Role, OutsideWaker, Wakers, On, ThreadWait };
}
type Built = ReturnType<typeof build>;
let built: Built | undefined;
const get = () => (built ??= build());

// The shapes: those of the wait-for facts (waits/facts.ts), less a futex word's address and value
// and the command of a process of the tree.
export type Endpoint = Facts.Endpoint;
export type Role = Facts.Role;
export type OutsideWaker = Facts.OutsideWaker;
export type Wakers = Omit<Facts.Wakers, 'inside'> & { inside: { pid: number; role: Role }[] };
export type Futex = Omit<Facts.Futex, 'uaddr' | 'value'>;
/** One fd that epoll, poll or select waits on, and who could make it ready. */
export interface Watched {
  fd: number;
  events: ('in' | 'out' | 'pri')[];
  on: On;
  wakers: Wakers;
}
/** What a thread waits on, by kind; `fd` is the waiting process's fd number. */
export type On =
  | Exclude<Facts.On, { kind: 'futex' | 'poll' }>
  | { kind: 'futex'; futexes: Futex[] }
  | { kind: 'poll'; call: string; fds: Watched[] };
/** A thread's wait: what it waits on and who could end it. */
export interface ThreadWait {
  on: On;
  wakers: Wakers;
}

export const Endpoint: z.ZodType<Endpoint> = z.lazy(() => get().Endpoint);
export const Role: z.ZodType<Role> = z.lazy(() => get().Role);
export const OutsideWaker: z.ZodType<OutsideWaker> = z.lazy(() => get().OutsideWaker);
export const Wakers: z.ZodType<Wakers> = z.lazy(() => get().Wakers);
export const OnSchema: z.ZodType<On> = z.lazy(() => get().On);
export const ThreadWait: z.ZodType<ThreadWait> = z.lazy(() => get().ThreadWait);
