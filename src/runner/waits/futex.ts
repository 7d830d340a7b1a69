// Futexes: who could wake a thread waiting on a futex word. With FUTEX_PRIVATE_FLAG, or on
// memory no other process shares (a 'p' mapping), only the threads of the same process can. On a
// shared mapping (MAP_SHARED: a file, /dev/shm, a memfd, shared anonymous memory, SysV shm), any
// process that maps the same object can: /proc/PID/maps names each mapping by device and inode,
// so every process on the machine that maps that object is found by reading all maps.
//
// What /proc cannot tell: which thread holds a lock (a futex word is just a number); whether a
// process that holds an fd on the object will map it later (counted as a waker); a futex word
// in memory registered with io_uring or a device. A shared object that still has a name
// (a path that is not '(deleted)') can be mapped by anyone who opens it: that is a door.
import { numericEntries, readText } from './proc-files.ts';

export interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  dev: string;
  inode: number;
  path: string;
  line: string;
}

export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) [0-9a-f]+ ([0-9a-f]+:[0-9a-f]+) (\d+)\s*(.*)$/.exec(line);
    if (m)
      out.push({
        start: BigInt('0x' + m[1]),
        end: BigInt('0x' + m[2]),
        perms: m[3]!,
        dev: m[4]!,
        inode: Number(m[5]),
        path: m[6]!,
        line,
      });
  }
  return out;
}

/** The mapping of a process that contains an address. */
export function mappingAt(root: string, pid: number, address: bigint): Mapping | null {
  const text = readText(`${root}/${pid}/maps`);
  if (!text) return null;
  return parseMaps(text).find((m) => m.start <= address && address < m.end) ?? null;
}

export const isShared = (m: Mapping) => m.perms[3] === 's';

/** A mapping's path that anyone could open again: not '(deleted)', not anonymous, not SysV (keyed, not named). */
export function isNamed(path: string): boolean {
  return path.startsWith('/') && !path.endsWith(' (deleted)') && !path.startsWith('/SYSV');
}

/**
 * Every process on the machine that maps the object (dev, inode). Reads every /proc/PID/maps: a
 * cost paid only when a thread waits on a shared futex. Processes whose maps cannot be read
 * (another user's, without privilege) are added to `unreadable`.
 */
export function findMappers(
  root: string,
  dev: string,
  inode: number,
  unreadable: Set<number>,
): { pid: number; line: string }[] {
  const needle = ` ${dev} ${inode} `;
  const mappers: { pid: number; line: string }[] = [];
  for (const pid of numericEntries(root) ?? []) {
    const text = readText(`${root}/${pid}/maps`);
    if (text === null) {
      if (readText(`${root}/${pid}/stat`) !== null) unreadable.add(pid);
      continue;
    }
    const at = text.indexOf(needle);
    if (at < 0) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    mappers.push({ pid, line: text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd) });
  }
  return mappers;
}
