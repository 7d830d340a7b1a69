// What /proc/PID/fdinfo/FD says about the fds that are not pipes or sockets: an epoll set's
// watched fds, an eventfd's id, whether a timerfd is armed, a pidfd's process, a pty master's
// index. Formats as of Linux 6.x.

export interface EpollEntry {
  tfd: number;
  events: number;
  inode: number;
  sdev: string;
}

/** `tfd:  8 events: 19 data: 8  pos:0 ino:12802 sdev:f`: tfd is the fd number in the process that added it. */
export function parseEpoll(fdinfo: string): EpollEntry[] {
  const out: EpollEntry[] = [];
  for (const m of fdinfo.matchAll(
    /^tfd:\s*(\d+)\s+events:\s*([0-9a-f]+)\s+data:\s*\S+\s+pos:\S+\s+ino:([0-9a-f]+)\s+sdev:([0-9a-f]+)/gm,
  )) {
    out.push({ tfd: Number(m[1]), events: parseInt(m[2]!, 16), inode: parseInt(m[3]!, 16), sdev: m[4]! });
  }
  return out;
}

const field = (fdinfo: string | null, name: string): string | null => {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(fdinfo ?? '');
  return m ? m[1]!.trim() : null;
};

/** An eventfd's id (Linux 6.x prints `eventfd-id:`), or null on older kernels. */
export function eventfdId(fdinfo: string | null): number | null {
  const v = field(fdinfo, 'eventfd-id');
  return v === null ? null : Number(v);
}

/** A timerfd is armed when its it_value is not (0, 0). */
export function timerfdArmed(fdinfo: string | null): boolean | null {
  const m = /^it_value:\s*\((\d+),\s*(\d+)\)/m.exec(fdinfo ?? '');
  return m ? m[1] !== '0' || m[2] !== '0' : null;
}

/** A pidfd's process (`Pid:`, -1 once it has exited and been reaped). */
export function pidfdPid(fdinfo: string | null): number | null {
  const v = field(fdinfo, 'Pid');
  return v === null ? null : Number(v);
}

/** The signals a signalfd takes (`sigmask:` hex, bit n-1 for signal n). */
export function signalfdMask(fdinfo: string | null): bigint | null {
  const v = field(fdinfo, 'sigmask');
  return v === null ? null : BigInt('0x' + v);
}

export function inotifyWatches(fdinfo: string | null): number {
  return (fdinfo ?? '').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
}

/** A pty master's slave number (`tty-index:`). */
export function ttyIndex(fdinfo: string | null): number | null {
  const v = field(fdinfo, 'tty-index');
  return v === null ? null : Number(v);
}

/** Signal bit masks of /proc/PID/status (SigCgt, SigBlk…). */
export function statusMask(status: string | null, name: string): bigint {
  const v = field(status, name);
  return v === null ? 0n : BigInt('0x' + v);
}

export const SIGALRM = 14;
export const SIGCHLD = 17;
export const hasSignal = (mask: bigint, sig: number) => (mask & (1n << BigInt(sig - 1))) !== 0n;
