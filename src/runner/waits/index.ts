// The facts of a run's wait-for graph (what each thread waits on, who could end it) and the
// judgement over them: hang, stuck, waiting or not proven.
//
//   await warmUnixDiag();                          // once, when a run starts (UNIX socket peers)
//   const facts = await readWaits({ pids });        // when the watcher finds the tree quiet
//   const verdict = judgeWaits(facts);              // hang | stuck | waiting | not proven
//
// `hang` and `stuck` with `proven: true` are proofs from /proc; `stuck` with `proven: false`
// (closed but for pollers behind a futex) and `waiting` hold only while nothing changes.
export type {
  Endpoint,
  Futex,
  On,
  Op,
  OutsideWaker,
  ProcessWaker,
  Role,
  RunProcess,
  ThreadRef,
  ThreadWait,
  Verdict,
  WaitFacts,
  Wakers,
  Watched,
} from './facts.ts';
export { readWaits, type ReadWaitsOptions } from './read.ts';
export { judgeWaits } from './verdict.ts';
export { defaultHousekeeping, type HousekeepingRule } from './threads.ts';
export { readUnixPeers, stopUnixDiag, warmUnixDiag, type UnixPeerReader, type UnixPeers } from './unix-diag.ts';
