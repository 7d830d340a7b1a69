// Runtime housekeeping in words, folded into one line a kind: "4 × V8 platform worker
// (V8Worker), idle — in P1". Which threads are housekeeping is the runner's rule
// (src/runner/watch/housekeeping.ts); this file only names and counts them.
import { helperProcessKind, helperThreadKind, type HelperKind } from '../runner/schema.ts';
import type { Process, TakenAutopsy, Thread } from '../runner/schema.ts';

const WORDS: Record<HelperKind, string> = {
  'esbuild-service': "tsx's esbuild service",
  'resource-tracker': "Python's resource tracker",
  forkserver: "Python's forkserver",
  'v8-worker': 'V8 platform worker',
  'v8-delayed-tasks': "V8's delayed-task scheduler",
  'inspector-signal': "Node's inspector signal thread",
  'idle-uv-worker': 'idle libuv worker',
  'io-uring-worker': "io_uring's kernel worker",
};

/** A helper kind in words: "tsx's esbuild service". */
export const helperWords = (kind: HelperKind): string => WORDS[kind];

/** Housekeeping of one kind, and the processes it is in. */
export interface Group {
  label: string;
  count: number;
  pids: number[];
}

function threadLabel(p: Process, t: Thread): string {
  // Node's threads keep their kernel names (Python's may be renamed by the runtime).
  const kind = p.runtime === 'node' ? helperThreadKind(t.name, t.syscall) : null;
  if (!kind) return t.name;
  return `${WORDS[kind]} (${t.name})${t.syscall.timed ? ', in a timed wait' : ''}`;
}

/** One group a kind, sorted by label: what the autopsy folds instead of listing. */
export function groupHousekeeping(a: TakenAutopsy): Group[] {
  const groups = new Map<string, Group>();
  const add = (label: string, pid: number) => {
    const g = groups.get(label) ?? { label, count: 0, pids: [] };
    g.count++;
    if (!g.pids.includes(pid)) g.pids.push(pid);
    groups.set(label, g);
  };
  for (const p of a.processes) {
    if (p.housekeeping) {
      const kind = helperProcessKind(p.cmdline);
      add(kind ? WORDS[kind] : 'runtime helper process', p.pid);
      continue;
    }
    for (const t of p.threads) if (t.housekeeping) add(threadLabel(p, t), p.pid);
  }
  return [...groups.values()].sort((x, y) => x.label.localeCompare(y.label));
}
