// A thread's wait in words: the one place that says what a syscall means to a reader —
// `write(fd 4 → pipe:[9790], 105,665 bytes)`, `wait4(pid 812)`, `futex wait, no timeout`.
// The timeline, the autopsy, the drawing and the build's heartbeat all speak through it.
import type { Syscall } from '../runner/schema.ts';

const group3 = (n: number) => n.toLocaleString('en-US');

export interface WaitWords {
  /** What an fd points at, e.g. "pipe:[9790]" (the autopsy knows); null: say only the number. */
  target?: (fd: number) => string | null;
  /** How a pid is named, e.g. "P2" in a normalized autopsy. @default the number */
  pid?: (pid: number) => string;
}

/** The syscall a thread of the given kernel state is in, in words. */
export function describeWait(s: Syscall, state: string, o: WaitWords = {}): string {
  if (s.name === 'running' || state === 'R') return 'running';
  if (s.name === 'none') return state === 'S' || state === 'D' ? 'not in a system call' : `state ${state}`;
  if (s.fd !== null) {
    const target = o.target?.(s.fd);
    const bytes = s.bytes !== null ? `, ${group3(s.bytes)} byte${s.bytes === 1 ? '' : 's'}` : '';
    return `${s.name}(fd ${s.fd}${target ? ` → ${target}` : ''}${bytes})`;
  }
  if (s.waitPid !== null) return `${s.name}(${s.waitPid > 0 ? `pid ${o.pid?.(s.waitPid) ?? s.waitPid}` : 'any child'})`;
  if (s.name === 'futex') return `futex wait, ${s.timed ? 'with a timeout' : 'no timeout'}`;
  if (s.name === 'nanosleep' || s.name === 'clock_nanosleep') return 'sleep';
  if (s.timeoutMs !== null) return `${s.name}, ${s.timeoutMs < 0 ? 'no timeout' : `timeout ${group3(s.timeoutMs)} ms`}`;
  return `${s.name}${s.timed ? ', with a timeout' : ''}`;
}

/** Whether such a wait ends by itself: "wakes by itself (timed)" or "never wakes by itself". */
export const timedWords = (s: Syscall): string => (s.timed ? 'wakes by itself (timed)' : 'never wakes by itself');
