// The state of one run, shared by its phases (prepare → start → supervise → finish → report):
// what was asked, where it runs, and what happened so far. Each phase reads what the earlier
// ones set and writes its own part; nothing else holds a run's state.
import type { Language } from '../launch/argv.ts';
import type { Chunk, Containment, Outcome, RunOptions, RunResult } from '../result.ts';
import type { Autopsy } from '../autopsy/schema.ts';
import type { WaitFacts } from '../waits/index.ts';
import type { Proof } from '../waits/schema.ts';

export interface RunEffects {
  /** Every chunk of output as it arrives, decoded, as the record keeps it (up to maxOutputBytes). */
  onChunk?: (c: Chunk) => void;
  /**
   * Every byte of output as it arrives, undecoded and uncapped (the CLI streams these: a binary
   * stream passes unchanged, and output past the record's cap still reaches the terminal).
   */
  onBytes?: (stream: 'stdout' | 'stderr', bytes: Buffer) => void;
  /** Aborting kills the tree and ends the run as 'interrupted'. */
  signal?: AbortSignal;
  /** Once the process tree exists: the run's id and the program's pid (heartbeats find the run by it). */
  onStart?: (e: { runId: string; rootPid: number }) => void;
}

/** How the supervised part of a run ended: the main process exited, or the engine stopped it. */
export type Ending = { kind: 'exit'; code: number | null; signal: string | null } | { kind: 'engine' };

export interface RunContext {
  runId: string;
  /** The snippet, absolute. */
  file: string;
  language: Language;
  /** sha256 of the snippet's bytes as read before the run started (null for a command). */
  sha256: string | null;
  options: RunOptions;
  /** The run's own temporary folder (removed at the end): work dir, stacks, published values. */
  tmp: string;
  cwd: string;
  stacksDir: string;
  publishFile: string;
  argv: string[];
  command: string;
  env: Record<string, string>;
  startedAt: string;
  /** The machine's load average when the tree was started (1, 5, 15 minutes). */
  load: [number, number, number];
  /** Milliseconds since the process tree was started. */
  now: () => number;
  /** Why the engine ended the run, once decided (the first reason wins). */
  killedBy: Outcome['killedBy'];
  limits: Outcome['limits'];
  hang: RunResult['hang'];
  /** The judgement that ended the run, or the last one at a timeout. */
  proof: Proof | null;
  /** The facts that judgement rests on (passed to the autopsy). */
  waits: WaitFacts | null;
  autopsy: Autopsy | null;
  /** How the tree is held (start decides; finish says whether it held to the end). */
  containment: Containment;
  wallMs: number;
}
