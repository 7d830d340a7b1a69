// The RunResult: one typed, versioned shape for every run, whatever happened.
// The site, the CLI, the autopsy, verify and the frozen results all read it;
// whether a run *passes* is decided in one place (expectation.ts), not here.
import { constants } from 'node:os';
import { z } from 'zod';
import { Autopsy } from './autopsy/schema.ts';
import { DEFAULT_OPTIONS as D, MAX_TIMER_MS } from './options.ts';
import { SCHEMA_VERSION } from './versions.ts';
import { Proof } from './waits/schema.ts';
import { Syscall } from './watch/syscall-schema.ts';

export { MAX_TIMER_MS, SCHEMA_VERSION };

/** What the chapter says will happen. */
export const Expectation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exit'), code: z.number().int().min(0).max(255).default(0) }),
  z.object({ kind: z.literal('hang') }),
  z.object({
    kind: z.literal('signal'),
    name: z.string().refine((n) => n in constants.signals, { message: 'not a signal name of this platform' }),
  }),
  z.object({ kind: z.literal('timeout') }),
  z.object({ kind: z.literal('stuck') }),
  z.object({ kind: z.literal('waiting') }),
]);
export type Expectation = z.infer<typeof Expectation>;

/** Options of one run; everything here is part of the cache key. */
export const RunOptions = z.object({
  /** Arguments after the snippet path (or after the command's name). @default [] */
  args: z.array(z.string()).default(D.args),
  expect: Expectation.default(D.expect),
  /** Backstop: the run is killed as `timeout` after this long. @default 60000 */
  timeoutMs: z.number().int().min(1).max(MAX_TIMER_MS).default(D.timeoutMs),
  /** How long the tree must stay quiet (and blocked) before a hang is confirmed. @default 40 */
  quietMs: z.number().int().min(1).max(MAX_TIMER_MS).default(D.quietMs),
  /**
   * How long part of the tree must sit provably stuck (a closed wait-for graph beside threads that
   * wake on timers) before the run ends as `stuck`. @default 3000
   */
  stuckMs: z.number().int().min(1).max(MAX_TIMER_MS).default(D.stuckMs),
  /**
   * How long a tree blocked only on something outside the run may wait before it ends as
   * `waiting`; null: until the timeout. @default null
   */
  waitBoundMs: z.number().int().min(1).max(MAX_TIMER_MS).nullable().default(D.waitBoundMs),
  /** Working directory; a fresh temporary one when absent. */
  cwd: z.string().optional(),
  /** Extra environment variables, on top of the environment the engine builds. */
  env: z.record(z.string(), z.string()).default(D.env),
  /**
   * Python's stdout buffering. 'unbuffered' (PYTHONUNBUFFERED=1) makes a pipe show
   * what a terminal shows; 'default' reproduces a block-buffered pipe. @default 'unbuffered'
   */
  pythonBuffering: z.enum(['unbuffered', 'default']).default(D.pythonBuffering),
  /** Ask programs for ANSI colour (FORCE_COLOR=1) instead of none (NO_COLOR=1). @default false */
  color: z.boolean().default(D.color),
  /** Output kept per run; the rest is counted and dropped. @default 1 MiB */
  maxOutputBytes: z.number().int().positive().default(D.maxOutputBytes),
  /** Most processes the tree may hold at once. @default 64 */
  maxProcesses: z.number().int().positive().default(D.maxProcesses),
  /** Most resident memory the tree may hold, in bytes. @default 2 GiB */
  maxMemoryBytes: z.number().int().positive().default(D.maxMemoryBytes),
  /** Run with nothing else in flight (the run measures time). @default false */
  alone: z.boolean().default(D.alone),
  /**
   * How a .ts snippet runs: 'strip' is Node's own type stripping (`node FILE.ts`), 'tsx' is tsx's
   * loader (`node --import tsx FILE.ts`), 'auto' strips when every file it imports is erasable. @default 'auto'
   */
  tsRunner: z.enum(['auto', 'strip', 'tsx']).default(D.tsRunner),
  /** Processes left alive after the main one exits are expected (killed, but not a failure). @default false */
  allowLeftovers: z.boolean().default(D.allowLeftovers),
});
export type RunOptions = z.infer<typeof RunOptions>;
export type RunOptionsInput = z.input<typeof RunOptions>;

export const Chunk = z.object({
  stream: z.enum(['stdout', 'stderr', 'engine']),
  /** Milliseconds since the run started. */
  t: z.number(),
  text: z.string(),
});
export type Chunk = z.infer<typeof Chunk>;

/**
 * How the run's processes were held, so that all of them could be killed. 'subreaper': below a
 * launcher process (PR_SET_CHILD_SUBREAPER) that every descendant stays under, whatever it does
 * (setsid, double fork, a scrubbed environment). 'process-group': the fallback where no launcher
 * could be built or started: the program's process group plus the processes carrying the run's
 * id in their environment; a descendant that leaves both escapes.
 */
export const Containment = z.object({
  mechanism: z.enum(['subreaper', 'process-group']),
  /** False when the run got out of its containment (its launcher died, e.g. killed by the program). */
  held: z.boolean(),
  /** Why containment is weaker than the launcher's, or how it broke; null when it held as designed. */
  reason: z.string().nullable(),
});
export type Containment = z.infer<typeof Containment>;

/** A program process still alive after the main one exited, as found just before it was killed. */
export const Leftover = z.object({
  pid: z.number().int(),
  startTicks: z.number().nullable(),
  /** Its command line (/proc/PID/cmdline, arguments joined by spaces), or its name when that is empty. */
  command: z.string(),
});
export type Leftover = z.infer<typeof Leftover>;

export const Outcome = z.object({
  /**
   * exit, signal: the program ended by itself. hang: the whole tree proven blocked for good.
   * stuck: part of it proven blocked for good beside threads that wake on timers. waiting: ended
   * (timeout or wait bound) while blocked only on something outside the run. timeout: anything else.
   */
  kind: z.enum(['exit', 'hang', 'stuck', 'waiting', 'signal', 'timeout']),
  /** Exit code of the main process, when it exited by itself. */
  code: z.number().int().nullable(),
  /** Signal that ended the main process (sent by someone else than the engine for kind 'signal'). */
  signal: z.string().nullable(),
  /** Why the engine killed the tree, when it did. */
  killedBy: z
    .enum(['hang', 'stuck', 'timeout', 'wait-bound', 'limit', 'leftovers', 'interrupted', 'containment'])
    .nullable(),
  /** Processes still alive after the main one exited (then killed by the engine). */
  leftBehind: z.number().int(),
  /**
   * Which ones, as the kill found them: pid, start time (clock ticks since boot) and command line.
   * Empty in results that predate it (a frozen record keeps only the count).
   */
  leftovers: z.array(Leftover).default([]),
  /** A cap that was hit, e.g. "output: 1048576 bytes kept, 209715200 dropped". */
  limits: z.array(z.object({ kind: z.enum(['output', 'processes', 'memory']), detail: z.string() })),
  /**
   * How the outcome was decided: 'proc', from /proc samples; 'quiet-window' (the name kept from
   * records that predate the change), without /proc: nothing proven, a run that does not end by
   * itself ends at its timeout.
   */
  method: z.enum(['proc', 'quiet-window']),
  /** How the tree was held; null when not recorded (a frozen result written before it was). */
  containment: Containment.nullable(),
});
export type Outcome = z.infer<typeof Outcome>;

/** One thread's state as the watcher saw it change. */
export const TimelineEvent = z.object({
  t: z.number(),
  pid: z.number().int(),
  tid: z.number().int(),
  /** Process command (argv[0] basename) and thread name (the kernel's comm). */
  proc: z.string(),
  thread: z.string(),
  /** Kernel state letter (R, S, D, Z, T…), or 'gone'. */
  state: z.string(),
  wchan: z.string(),
  /** The syscall the thread is in, decoded ('running' on a CPU); `timed`: it wakes by itself. */
  syscall: Syscall,
  /** Runtime housekeeping (V8 platform workers, esbuild service…): not the program. */
  housekeeping: z.boolean(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const PublishedValue = z.object({
  name: z.string(),
  value: z.unknown(),
  /**
   * How verify compares it: exactly, within a range, by shape (type) only, or by order (which
   * key or index of an object or array of numbers is larger: "processes > threads").
   */
  compare: z.enum(['exact', 'range', 'shape', 'order']).default('exact'),
  /** For 'range': allowed bounds. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** Short human label/unit, for tables and notes. */
  unit: z.string().optional(),
  /**
   * A measurement that means something only on a quiet machine (speed-ups, cores busy): when
   * the run's host was busy, pages show a note in its place and verify does not compare it.
   */
  quiet: z.boolean().optional(),
});
export type PublishedValue = z.infer<typeof PublishedValue>;

export const Host = z.object({
  os: z.string(),
  kernel: z.string(),
  arch: z.string(),
  cpus: z.number().int(),
  /** The load average (1, 5 and 15 minutes) when the run started: how busy the machine was. */
  load: z.tuple([z.number(), z.number(), z.number()]),
  node: z.string(),
  /** The one python3 resolved for the build, when the run used Python. */
  python: z.object({ path: z.string(), version: z.string(), startMethod: z.string() }).nullable(),
});
export type Host = z.infer<typeof Host>;

export const RunResult = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  /** What ran: a snippet file, or for a command run the executable its name resolved to on PATH. */
  snippet: z.object({
    /** Path relative to the repository root (e.g. runnable/01-…/bob.py), absolute outside it. */
    path: z.string(),
    /** The snippet's language (by its extension), or 'command' for any other executable. */
    language: z.enum(['ts', 'py', 'js', 'command']),
    /** Of the snippet's bytes; null for a command (an executable is not the program's source). */
    sha256: z.string().nullable(),
  }),
  /** argv as spawned (interpreter included). */
  argv: z.array(z.string()),
  /** What a reader types in the repository to run it themselves; for a command run, the command as given. */
  command: z.string(),
  options: RunOptions,
  startedAt: z.string(),
  host: Host,
  outcome: Outcome,
  transcript: z.object({
    chunks: z.array(Chunk),
    /** Bytes received in all, and bytes dropped past maxOutputBytes. */
    totalBytes: z.number().int(),
    droppedBytes: z.number().int(),
  }),
  timing: z.object({ wallMs: z.number(), cpuMs: z.number() }),
  hang: z
    .object({
      /** From the last observed output, CPU or state change to confirmation. */
      confirmedAfterMs: z.number(),
      /** When (ms since start) the tree (for stuck: the stuck group) went quiet, and when it was confirmed. */
      quietAtMs: z.number(),
      confirmedAtMs: z.number(),
    })
    .nullable(),
  /** The wait-for graph's last judgement and its facts; null when the tree was never judged. */
  proof: Proof.nullable().default(null),
  /** Each thread's state changes as the watcher saw them (compact). */
  timeline: z.array(TimelineEvent),
  /** The facts of the tree just before the engine killed it (a hang, stuck, a timeout); or why none was taken. */
  autopsy: Autopsy.nullable(),
  values: z.array(PublishedValue),
});
export type RunResult = z.infer<typeof RunResult>;
