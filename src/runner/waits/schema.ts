// The wait-for facts and the verdict as a RunResult stores them (zod, for the store, the cache and
// frozen records). The deep shapes of a wait (On) and of an outside party are checked only for
// their kind: their fields are facts.ts's, written by the engine itself.
import { z } from 'zod';
import type { On, OutsideWaker, ProcessWaker, RunProcess, ThreadWait, Verdict } from './facts.ts';

const kinded = <T>() =>
  z.custom<T>((v) => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string');

const ThreadRef = z.object({ pid: z.number().int(), tid: z.number().int() });
const Outside = kinded<OutsideWaker>();

export const VerdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hang'), threads: z.array(ThreadRef) }),
  z.object({
    kind: z.literal('stuck'),
    proven: z.boolean(),
    stuck: z.array(ThreadRef),
    pollers: z.array(ThreadRef),
    others: z.array(ThreadRef),
  }),
  z.object({
    kind: z.literal('waiting'),
    outside: z.array(z.object({ waker: Outside, waiters: z.array(ThreadRef) })),
  }),
  z.object({
    kind: z.literal('not proven'),
    reason: z.string(),
    unknown: z.array(z.object({ thread: ThreadRef, what: z.string() })),
  }),
]) satisfies z.ZodType<Verdict>;

const RunProcessSchema = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  state: z.string(),
  command: z.string(),
  startTicks: z.number(),
  housekeeping: z.boolean(),
}) satisfies z.ZodType<RunProcess>;

const ThreadWaitSchema = z.object({
  pid: z.number().int(),
  tid: z.number().int(),
  thread: z.string(),
  state: z.string(),
  syscall: z.string(),
  timed: z.boolean(),
  housekeeping: z.boolean(),
  on: kinded<On>(),
  wakers: z.object({
    inside: z.array(z.custom<ProcessWaker>((v) => typeof v === 'object' && v !== null && 'pid' in v)),
    outside: z.array(Outside),
    timer: z.string().nullable(),
    unknown: z.array(z.string()),
  }),
}) satisfies z.ZodType<ThreadWait>;

/**
 * The proof of a run: the last judgement of its wait-for graph and the facts it rests on. For a
 * hang or stuck outcome, the verdict that ended the run; for a timeout, the judgement at the end.
 */
export const Proof = z.object({
  verdict: VerdictSchema,
  /** When (ms since start) the threads it judged last moved, and when it was judged. */
  sinceMs: z.number(),
  atMs: z.number(),
  /** A second look after the analysis found nothing had moved. */
  confirmed: z.boolean(),
  /** The run's processes and each thread's wait, as the analysis read them. */
  processes: z.array(RunProcessSchema),
  threads: z.array(ThreadWaitSchema),
  /** Processes of the machine whose fds could not be read. */
  unreadable: z.array(z.number().int()),
  /** Analyses over the whole run, and what the last cost (ms). */
  analyses: z.number().int(),
  costMs: z.number(),
});
export type Proof = z.infer<typeof Proof>;
