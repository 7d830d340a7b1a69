// Runtime housekeeping, told apart from the program and folded into one line a kind:
// V8 platform threads, idle libuv workers, tsx's esbuild service, Python's resource tracker.
import type { Group, Process, Thread } from './schema.ts';

const NODE_THREADS: Record<string, string> = {
  V8Worker: 'V8 platform worker',
  DelayedTaskSche: "V8's delayed-task scheduler",
  SignalInspector: "Node's inspector signal thread",
};

/** What a whole process is, when it is a runtime's helper rather than the program. */
export function helperProcess(cmdline: string[]): string | null {
  const cmd = cmdline.join(' ');
  if (/esbuild\S*\s.*--service/.test(cmd)) return "tsx's esbuild service";
  if (/multiprocessing\.resource_tracker/.test(cmd)) return "Python's resource tracker";
  if (/multiprocessing\.forkserver/.test(cmd)) return "Python's forkserver";
  return null;
}

/** Why a thread is housekeeping (a label), or null when it belongs to the program. */
export function helperThread(runtime: Process['runtime'], t: Pick<Thread, 'name' | 'syscall'>): string | null {
  if (runtime !== 'node') return null;
  if (NODE_THREADS[t.name]) return NODE_THREADS[t.name]!;
  if (t.name === 'libuv-worker' && t.syscall.name === 'futex' && !t.syscall.timed) return 'idle libuv worker';
  return null;
}

/** One line a kind: "4 × V8 platform worker (V8Worker), idle", with the processes they are in. */
export function groupNoise(procs: Process[]): Group[] {
  const groups = new Map<string, Group>();
  const add = (label: string, pid: number) => {
    const g = groups.get(label) ?? { label, count: 0, pids: [] };
    g.count++;
    if (!g.pids.includes(pid)) g.pids.push(pid);
    groups.set(label, g);
  };
  for (const p of procs) {
    if (p.housekeeping) {
      add(helperProcess(p.cmdline) ?? 'runtime helper process', p.pid);
      continue;
    }
    for (const t of p.threads) {
      if (!t.housekeeping) continue;
      const what = helperThread(p.runtime, t) ?? t.name;
      add(what === t.name ? what : `${what} (${t.name})${t.syscall.timed ? ', in a timed wait' : ''}`, p.pid);
    }
  }
  return [...groups.values()];
}
