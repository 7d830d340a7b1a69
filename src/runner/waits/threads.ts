// The run's processes and threads as /proc shows them now: state, syscall, name, command.
import { housekeepingRule } from '../watch/housekeeping.ts';
import { parseStat } from '../watch/procfs.ts';
import { decodeCall, type DecodedCall } from './call.ts';
import type { RunProcess } from './facts.ts';
import { numericEntries, readText } from './proc-files.ts';

export interface RawThread {
  pid: number;
  tid: number;
  thread: string;
  state: string;
  syscallText: string | null;
  decoded: DecodedCall;
  housekeeping: boolean;
}

/** Which threads are the runtime's own rather than the program's (the watcher's rule: ../watch/housekeeping.ts). */
export type HousekeepingRule = (t: {
  pid: number;
  tid: number;
  thread: string;
  command: string;
  /** The parent's raw command line (a forkserver's workers share its command line). */
  parentCommand?: string;
  syscall: string;
  timed: boolean;
}) => boolean;

/**
 * The watcher's rule (../watch/housekeeping.ts): V8 platform threads, idle libuv workers, io_uring
 * workers, tsx's esbuild service, Python's resource tracker and forkserver.
 */
export const defaultHousekeeping: HousekeepingRule = housekeepingRule();

export function commandOf(root: string, pid: number): string {
  const cmd = readText(`${root}/${pid}/cmdline`);
  if (cmd) return cmd.replace(/\0$/, '').split('\0').join(' ').slice(0, 300);
  const stat = readText(`${root}/${pid}/stat`);
  return stat ? `[${parseStat(stat).comm}]` : '';
}

export function readRun(
  root: string,
  pids: number[],
  housekeeping: HousekeepingRule,
): { processes: RunProcess[]; threads: RawThread[] } {
  const processes: RunProcess[] = [];
  const threads: RawThread[] = [];
  for (const pid of [...new Set(pids)].sort((a, b) => a - b)) {
    const stat = readText(`${root}/${pid}/stat`);
    if (!stat) continue;
    const st = parseStat(stat);
    const rawCmd = readText(`${root}/${pid}/cmdline`) ?? '';
    const parentCommand = readText(`${root}/${st.ppid}/cmdline`) ?? '';
    const command = rawCmd ? rawCmd.replace(/\0$/, '').split('\0').join(' ').slice(0, 300) : `[${st.comm}]`;
    // The rule asked about the process as a whole: no thread name, no syscall.
    const wholeProcess = housekeeping({
      pid,
      tid: pid,
      thread: '',
      command: rawCmd,
      parentCommand,
      syscall: '',
      timed: false,
    });
    processes.push({
      pid,
      ppid: st.ppid,
      state: st.state,
      command,
      startTicks: st.startTicks,
      housekeeping: wholeProcess,
    });
    if (st.state === 'Z' || st.state === 'X') continue;
    for (const tid of (numericEntries(`${root}/${pid}/task`) ?? []).sort((a, b) => a - b)) {
      const base = `${root}/${pid}/task/${tid}`;
      const ts = readText(`${base}/stat`);
      if (!ts) continue;
      const t = parseStat(ts);
      const syscallText = readText(`${base}/syscall`);
      const decoded = decodeCall(syscallText ?? '-1');
      const hk = housekeeping({
        pid,
        tid,
        thread: t.comm,
        command: rawCmd,
        parentCommand,
        syscall: decoded.name,
        timed: decoded.timed,
      });
      threads.push({ pid, tid, thread: t.comm, state: t.state, syscallText, decoded, housekeeping: hk });
    }
  }
  return { processes, threads };
}
