// Stray file descriptors: those this process holds without O_CLOEXEC (inherited from whoever
// started us: a test runner's channel, a shell's stray pipe) would leak into every snippet.
// They may be in use here, so they are closed in the child instead, by a bash that then execs
// the snippet (no extra process stays).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hasProc } from '../watch/procfs.ts';

/** The close-on-exec bit of the octal `flags:` line in /proc/PID/fdinfo/FD (O_CLOEXEC on Linux). */
const O_CLOEXEC = 0o2000000;

/** The fds above 2 that this process would hand to a child it spawns. */
export function leakingFds(): number[] {
  if (!hasProc) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 2) continue;
    try {
      const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags && (parseInt(flags, 8) & O_CLOEXEC) === 0) out.push(fd);
    } catch {
      /* the fd of the listing itself */
    }
  }
  return out;
}

/** argv, wrapped so that the child closes the leaking fds before it execs the program. */
export function closingFds(argv: string[], fds = leakingFds()): string[] {
  if (fds.length === 0 || !existsSync('/bin/bash')) return argv;
  return ['/bin/bash', '-c', `exec ${fds.map((fd) => `${fd}>&-`).join(' ')}; exec "$@"`, 'hangtime', ...argv];
}
