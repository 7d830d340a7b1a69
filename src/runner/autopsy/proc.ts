// Reading one process of a hung tree from /proc: command line, the fds that carry data
// (pipes, FIFOs, sockets) with their direction, and every thread's state and syscall.
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { parseStat } from '../watch/procfs.ts';
import { decodeSyscall, syscallFacts, type Syscall } from '../watch/syscalls.ts';
import type { Exit, Fd } from './schema.ts';
import { signalName } from '../../shared/signals.ts';
import { readOnce } from '../watch/open-files.ts';

export interface RawThread {
  tid: number;
  comm: string;
  state: string;
  wchan: string;
  syscall: Syscall;
  args: bigint[];
}
export interface RawProcess {
  pid: number;
  /** Its start time (clock ticks since boot): with the pid, who it is (a signal goes to it alone). */
  startTicks?: number;
  ppid: number;
  state: string;
  /** A zombie's exit status; null for a live process. */
  exit: Exit | null;
  cmdline: string[];
  exe: string;
  fds: Fd[];
  threads: RawThread[];
}

const O_ACCMODE = 3;
/** The end of a pipe an fd holds, from the octal `flags:` line of /proc/PID/fdinfo/FD. */
export function directionOf(fdinfo: string | null): Fd['dir'] {
  const m = /^flags:\s*([0-7]+)/m.exec(fdinfo ?? '');
  const mode = m ? parseInt(m[1]!, 8) & O_ACCMODE : 2;
  return mode === 0 ? 'read' : mode === 1 ? 'write' : 'both';
}

/** pipe:[123] and socket:[123]; a FIFO shows as a path, told apart by its fdinfo-less stat. */
function classify(target: string, root: string, pid: number, fd: number): { kind: Fd['kind']; inode: number } | null {
  const m = /^(pipe|socket):\[(\d+)\]$/.exec(target);
  if (m) return { kind: m[1] as 'pipe' | 'socket', inode: Number(m[2]) };
  if (!target.startsWith('/')) return null;
  const info = readOnce(`${root}/${pid}/fdinfo/${fd}`);
  const ino = /^ino:\s*(\d+)/m.exec(info ?? '');
  // Only FIFOs among paths are of interest; fdinfo cannot tell one from a file, stat can.
  try {
    const st = statSync(`${root}/${pid}/fd/${fd}`);
    if (st.isFIFO()) return { kind: 'fifo', inode: ino ? Number(ino[1]) : Number(st.ino) };
  } catch {
    /* gone */
  }
  return null;
}

function readFds(root: string, pid: number): Fd[] {
  let names: string[];
  try {
    names = readdirSync(`${root}/${pid}/fd`);
  } catch {
    return [];
  }
  const out: Fd[] = [];
  for (const name of names) {
    const fd = Number(name);
    let target: string;
    try {
      target = readlinkSync(`${root}/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const c = classify(target, root, pid, fd);
    if (!c) continue;
    out.push({
      fd,
      kind: c.kind,
      inode: c.inode,
      dir: c.kind === 'socket' ? 'both' : directionOf(readOnce(`${root}/${pid}/fdinfo/${fd}`)),
    });
  }
  return out.sort((a, b) => a.fd - b.fd);
}

/** Turns the text of /proc/PID/task/TID/syscall into a name and the arguments that matter. */
export function decode(text: string | null): { syscall: Syscall; args: bigint[] } {
  const d = decodeSyscall(text ?? '-1');
  return { syscall: syscallFacts(d), args: d.args };
}

function readThreads(root: string, pid: number): RawThread[] {
  let tids: string[];
  try {
    tids = readdirSync(`${root}/${pid}/task`);
  } catch {
    return [];
  }
  const out: RawThread[] = [];
  for (const t of tids) {
    const base = `${root}/${pid}/task/${t}`;
    const stat = readOnce(`${base}/stat`);
    if (!stat) continue;
    const st = parseStat(stat);
    const { syscall, args } = decode(readOnce(`${base}/syscall`));
    out.push({ tid: Number(t), comm: st.comm, state: st.state, wchan: readOnce(`${base}/wchan`) ?? '', syscall, args });
  }
  return out.sort((a, b) => a.tid - b.tid);
}

/**
 * The exit_code field of /proc/PID/stat (field 52, a wait status: the code in bits 8-15, or the
 * killing signal in bits 0-6); shown for a zombie, 0 for a live process.
 */
export function exitOf(stat: string): Exit | null {
  const status = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[49]);
  if (!Number.isInteger(status)) return null;
  const sig = status & 0x7f;
  return sig === 0
    ? { code: (status >> 8) & 0xff, signal: null }
    : { code: null, signal: signalName(sig) ?? `signal ${sig}` };
}

/** Zombie children of the pids that are not among them: exited, not reaped, still in the tree. */
export function zombieChildren(root: string, pids: number[]): number[] {
  const known = new Set(pids);
  const out: number[] = [];
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`${root}/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids)
      for (const c of (readOnce(`${root}/${pid}/task/${tid}/children`) ?? '').split(' ')) {
        const child = Number(c);
        if (!c.trim() || known.has(child)) continue;
        const stat = readOnce(`${root}/${child}/stat`);
        if (stat && parseStat(stat).state === 'Z') {
          known.add(child);
          out.push(child);
        }
      }
  }
  return out;
}

/** One process as /proc shows it now (a zombie with its exit status and no threads), or null when it is gone. */
export function readProcess(root: string, pid: number): RawProcess | null {
  const stat = readOnce(`${root}/${pid}/stat`);
  if (!stat) return null;
  const st = parseStat(stat);
  if (st.state === 'X') return null;
  if (st.state === 'Z')
    return { pid, ppid: st.ppid, state: 'Z', exit: exitOf(stat), cmdline: [st.comm], exe: '', fds: [], threads: [] };
  const cmd = readOnce(`${root}/${pid}/cmdline`) ?? '';
  let exe = '';
  try {
    exe = readlinkSync(`${root}/${pid}/exe`);
  } catch {
    /* unreadable */
  }
  return {
    pid,
    startTicks: st.startTicks,
    ppid: st.ppid,
    state: st.state,
    exit: null,
    cmdline: cmd ? cmd.replace(/\0$/, '').split('\0') : [],
    exe,
    fds: readFds(root, pid),
    threads: readThreads(root, pid),
  };
}
