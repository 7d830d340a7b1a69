// How full each pipe is and where each socket leads, read without consuming a byte.
// Node has no ioctl, so one small python3 process asks FIONREAD / F_GETPIPE_SZ for every
// pipe at once (through /proc/PID/fd/N); `ss -x` names each Unix socket's peer. Both run
// in parallel with the wait for stacks; when either tool is missing the answer is "unknown".
import { execFile } from 'node:child_process';
import type { Channel, Fd } from './schema.ts';
import { askFillServer, startFillServer, type Served } from './fill-server.ts';

// Lists the pipes and FIFOs of the given pids itself, so it can start before /proc is read.
// Only builtin modules: json alone would double its start-up time.
const FILL_HELPER = `
import fcntl, os, stat, sys
seen = set()
for pid in sys.argv[1:]:
    base = "/proc/%s/fd" % pid
    try:
        fds = os.listdir(base)
    except OSError:
        continue
    for fd in fds:
        path = base + "/" + fd
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not stat.S_ISFIFO(st.st_mode) or st.st_ino in seen:
            continue
        seen.add(st.st_ino)
        try:
            f = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            n = int.from_bytes(fcntl.ioctl(f, 0x541B, bytes(4)), sys.byteorder)  # FIONREAD
            print(st.st_ino, n, fcntl.fcntl(f, 1032))  # F_GETPIPE_SZ
        except OSError:
            pass
        finally:
            os.close(f)
`;

let python: Promise<string | null> | undefined;
/**
 * The real python3 binary, resolved once in the background: `python3` on PATH may be a shim
 * (pyenv's is a shell script) that costs 100 ms a start. autopsyLaunch warms this at run start.
 */
export function warmPython(): Promise<string | null> {
  python ??= run('python3', ['-I', '-S', '-c', 'import sys; print(sys.executable)'], 5000).then((out) => {
    const path = out?.trim() || null;
    if (path) startFillServer(path);
    return path;
  });
  return python;
}

/** Output of a helper, or null when it failed, timed out or was aborted (then it is killed). */
function run(cmd: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, signal, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, maxBuffer: 16 << 20 }, (err, stdout) => resolve(err ? null : stdout));
  });
}

/** Bytes waiting and capacity of every pipe and FIFO the pids hold, by inode (one helper process). */
export async function readPipeFill(pids: number[], signal?: AbortSignal, timeoutMs = 1000): Promise<Map<number, [number, number]>> {
  const out = new Map<number, [number, number]>();
  const served = pids.length ? askFillServer(pids) : null;
  if (served) return (await served).fill;
  const py = await warmPython();
  if (!py || !pids.length) return out;
  // -I -S: no user site, no environment, no sitecustomize: the helper must start fast and clean.
  const text = await run(py, ['-I', '-S', '-c', FILL_HELPER, ...pids.map(String)], timeoutMs, signal);
  for (const line of (text ?? '').split('\n')) {
    const [inode, filled, capacity] = line.split(' ').map(Number);
    if (line && inode! > 0) out.set(inode!, [filled!, capacity!]);
  }
  return out;
}

/** Pipe fill and socket peers from the long-lived helper, or null when it is not running. */
export function askHelper(pids: number[]): Promise<Served> | null {
  return pids.length ? askFillServer(pids) : null;
}

/** Each Unix socket's peer inode and receive queue, from `ss -xa`; empty when ss is missing. */
export async function readSocketPeers(signal?: AbortSignal, timeoutMs = 1000): Promise<Map<number, { peer: number; recvQ: number }>> {
  const out = new Map<number, { peer: number; recvQ: number }>();
  const text = await run('ss', ['-xaH'], timeoutMs, signal);
  if (!text) return out;
  for (const line of text.split('\n')) {
    const m = /^\S+\s+\S+\s+(\d+)\s+\d+\s+\S+\s+(\d+)\s+\S+\s+(\d+)/.exec(line);
    if (m) out.set(Number(m[2]), { peer: Number(m[3]), recvQ: Number(m[1]) });
  }
  return out;
}

/** The channels of the tree, with fill, capacity and peer where known. */
export function buildChannels(holders: { pid: number; fd: Fd }[], fill: Map<number, [number, number]>, peers: Map<number, { peer: number; recvQ: number }> | null): Channel[] {
  const seen = new Map<number, Channel>();
  for (const { fd } of holders) {
    if (seen.has(fd.inode)) continue;
    const f = fill.get(fd.inode);
    const s = peers?.get(fd.inode);
    seen.set(fd.inode, {
      inode: fd.inode, kind: fd.kind,
      filled: f ? f[0] : s ? s.recvQ : null,
      capacity: f ? f[1] : null,
      peer: s && s.peer > 0 ? s.peer : null,
    });
  }
  return [...seen.values()];
}
