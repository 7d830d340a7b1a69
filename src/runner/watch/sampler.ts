// The watcher's look at a run's tree, made cheap enough for every 20 ms with hundreds of threads:
// each /proc file it reads again and again stays open and is re-read in place (one pread, where
// open, read and close cost five to eight times as much here), and a thread that has not been on
// a CPU since the last look (its schedstat unchanged) is not read again: it cannot have left its
// wait, forked or exec'd. A fresh look reads every thread anew; a proof uses only fresh looks.
import { readdirSync } from 'node:fs';
import { helperProcessKindOf, helperThreadKind } from './housekeeping.ts';
import { OpenFiles, readOnce } from './open-files.ts';
import { findTree, listProcesses, parseStat, type ProcStat, type ThreadSample } from './procfs.ts';
import { decodeSyscall } from './syscalls.ts';

interface Kept {
  sample: ThreadSample;
  sched: string;
  children: number[];
}

export interface Look0 {
  tree: ProcStat[];
  threads: ThreadSample[];
  /** Every process of the machine, when this look scanned them all (else null). */
  machine: ProcStat[] | null;
  /** Some thread was read anew, came or went, or a process came, went or changed state since the last look. */
  changed: boolean;
}

/** Looks at one run's tree, remembering what it saw so that the next look reads less. */
export class Sampler {
  private files = new OpenFiles();
  private kept = new Map<number, Kept>();
  private commands = new Map<number, { key: string; argv: string[] }>();
  private lastTree: ProcStat[] = [];
  private lastStates = '';
  /** The kept entry thread() last returned without reading (the caller tells a re-read from it). */
  private reused: Kept | null = null;
  private readonly rootPid: number;

  constructor(rootPid: number) {
    this.rootPid = rootPid;
  }

  /**
   * One look. `scan`: find the tree from every process of the machine (else walk it from the root
   * through the children files). `fresh`: read every thread again, whatever its schedstat says.
   */
  look(scan: boolean, fresh: boolean): Look0 {
    const machine = scan ? listProcesses() : null;
    const procs = machine ? findTree(this.rootPid, machine) : null;
    const byPid = new Map<number, ProcStat>();
    const threads: ThreadSample[] = [];
    const seenTids = new Set<number>();
    let changed = false;
    const known = new Map(this.lastTree.map((p) => [p.pid, p.startTicks]));
    // A walk: from the root and every process seen before (an orphan reparented away stays in the run).
    const stack: { pid: number; parent: number | null }[] = procs
      ? procs.map((p) => ({ pid: p.pid, parent: null }))
      : [{ pid: this.rootPid, parent: null }, ...[...known.keys()].map((pid) => ({ pid, parent: null }))];
    while (stack.length) {
      const { pid, parent } = stack.pop()!;
      if (byPid.has(pid)) continue;
      const text = this.files.read(`/proc/${pid}/stat`);
      if (!text) continue;
      const p = parseStat(text);
      const before = known.get(pid);
      if (before !== undefined && before !== p.startTicks) continue; // the pid was reused
      // A pid from a children list that is no longer that parent's child was reaped and reused.
      if (before === undefined && parent !== null && p.ppid !== parent) continue;
      byPid.set(pid, p);
      if (p.state === 'Z' || p.state === 'X') continue;
      let tids: string[];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      const argv = this.argvOf(p, scan);
      const up = byPid.get(p.ppid);
      const parentArgv = () => (up ? this.argvOf(up, false) : (readOnce(`/proc/${p.ppid}/cmdline`) ?? '').split('\0'));
      const whole = helperProcessKindOf(argv, parentArgv) !== null;
      const proc = processName(argv, p.comm);
      for (const name of tids) {
        const tid = Number(name);
        seenTids.add(tid);
        const k = this.thread(pid, tid, proc, whole, fresh);
        if (!k) continue;
        if (k !== this.reused) changed = true;
        // The root may be a subreaper (the launcher): orphans join its children while it sleeps.
        else if (pid === this.rootPid && this.childrenMoved(k)) changed = true;
        threads.push(k.sample);
        if (!procs) for (const c of k.children) stack.push({ pid: c, parent: pid });
      }
    }
    for (const tid of [...this.kept.keys()]) {
      if (seenTids.has(tid)) continue;
      const k = this.kept.get(tid)!;
      this.kept.delete(tid);
      this.files.dropUnder(`/proc/${k.sample.pid}/task/${tid}/`);
      changed = true;
    }
    for (const p of this.lastTree) if (!byPid.has(p.pid)) this.files.drop(`/proc/${p.pid}/stat`);
    const tree = [...byPid.values()];
    const states = tree.map((p) => `${p.pid}:${p.state}`).join(',');
    if (states !== this.lastStates) changed = true;
    this.lastStates = states;
    this.lastTree = tree;
    return { tree, threads, machine, changed };
  }

  close(): void {
    this.files.close();
    this.kept.clear();
  }

  /** Reads a kept thread's children again; whether they differ from what it had. */
  private childrenMoved(k: Kept): boolean {
    const kids = childrenOf(this.files.read(`/proc/${k.sample.pid}/task/${k.sample.tid}/children`));
    if (kids.join(' ') === k.children.join(' ')) return false;
    k.children = kids;
    return true;
  }

  /** The command line, read once per process and exec (and again on every scan). */
  private argvOf(p: ProcStat, again: boolean): string[] {
    const key = `${p.startTicks} ${p.comm}`;
    const c = this.commands.get(p.pid);
    if (c && c.key === key && !again) return c.argv;
    const argv = (readOnce(`/proc/${p.pid}/cmdline`) ?? '').replace(/\0$/, '').split('\0');
    this.commands.set(p.pid, { key, argv });
    return argv;
  }

  private thread(pid: number, tid: number, proc: string, whole: boolean, fresh: boolean): Kept | null {
    const base = `/proc/${pid}/task/${tid}`;
    const sched = this.files.read(`${base}/schedstat`);
    const prev = this.kept.get(tid);
    // Not on a CPU since the last look: the same wait, the same children. (A thread woken but not
    // yet run still reads as it was: the cheap rule may be late by that much, a proof never is.)
    if (
      !fresh &&
      prev &&
      prev.sample.pid === pid &&
      sched !== null &&
      sched === prev.sched &&
      prev.sample.state !== 'R'
    )
      return (this.reused = prev);
    const stat = this.files.read(`${base}/stat`);
    if (!stat) return null;
    const st = parseStat(stat);
    // A thread on a CPU (or ready for one) is running: its syscall file says nothing a verdict uses.
    const sc = st.state === 'R' ? 'running' : this.files.read(`${base}/syscall`);
    const syscall = decodeSyscall(sc ?? '-1');
    // The kernel function it sleeps in follows from the state and the call: read when they change
    // (a thread on a CPU has none: its wchan file says 0).
    const same = prev && prev.sample.state === st.state && prev.sample.syscall.nr === syscall.nr;
    const wchan = st.state === 'R' ? '0' : same ? prev.sample.wchan : (readOnce(`${base}/wchan`) ?? '');
    const kids = this.files.read(`${base}/children`);
    const sample: ThreadSample = {
      pid,
      tid,
      proc,
      thread: st.comm,
      state: st.state,
      wchan,
      syscall,
      syscallText: sc,
      cpuNs: sched ? Number(sched.split(' ')[0]) : (st.utime + st.stime) * 1e7,
      housekeeping: whole || helperThreadKind(st.comm, syscall) !== null,
      unreadable: sc === null && st.state !== 'Z',
    };
    const k: Kept = {
      sample,
      sched: sched ?? '',
      children: childrenOf(kids),
    };
    if (sched !== null) this.kept.set(tid, k);
    return k;
  }
}

const childrenOf = (text: string | null): number[] =>
  text
    ? text
        .split(' ')
        .filter((c) => c.trim())
        .map(Number)
    : [];

function processName(argv: string[], comm: string): string {
  const argv0 = argv[0];
  return argv0 ? argv0.slice(argv0.lastIndexOf('/') + 1) : comm;
}
