// How full each pipe is and where each socket leads, read without consuming a byte.
// Node has no ioctl: a python3 helper (fill-server.ts) asks FIONREAD / F_GETPIPE_SZ through
// /proc/PID/fd/N and the kernel's sock_diag for socket peers. Without python3, `ss -x` still
// names socket peers and pipe fill is "unknown".
import { execFile } from 'node:child_process';
import type { Channel, Fd } from './schema.ts';
import { askFillServer, startFillServer, type Served } from './fill-server.ts';
import { pythonExecutable } from '../launch/python.ts';

let helper: Promise<string | null> | undefined;
/**
 * Starts the pipe-fill helper once per engine process (resolving the real python3 first), and
 * says which interpreter it runs on. The engine calls it when a tree first looks stuck, so a run
 * that never hangs starts no helper.
 */
export function warmHelper(): Promise<string | null> {
  helper ??= pythonExecutable().then((path) => {
    if (path) startFillServer(path);
    return path;
  });
  return helper;
}

/** Output of a helper, or null when it failed, timed out or was aborted (then it is killed). */
function run(cmd: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, signal, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, maxBuffer: 16 << 20 },
      (err, stdout) => resolve(err ? null : stdout),
    );
  });
}

/** Pipe fill and socket peers from the long-lived helper, or null when it is not running. */
export function askHelper(pids: number[]): Promise<Served> | null {
  return pids.length ? askFillServer(pids) : null;
}

/** Each Unix socket's peer inode and receive queue, from `ss -xa`; empty when ss is missing. */
export async function readSocketPeers(
  signal?: AbortSignal,
  timeoutMs = 1000,
): Promise<Map<number, { peer: number; recvQ: number }>> {
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
export function buildChannels(
  holders: { pid: number; fd: Fd }[],
  fill: Map<number, [number, number]>,
  peers: Map<number, { peer: number; recvQ: number }> | null,
): Channel[] {
  const seen = new Map<number, Channel>();
  for (const { fd } of holders) {
    if (seen.has(fd.inode)) continue;
    const f = fill.get(fd.inode);
    const s = peers?.get(fd.inode);
    seen.set(fd.inode, {
      inode: fd.inode,
      kind: fd.kind,
      filled: f ? f[0] : s ? s.recvQ : null,
      capacity: f ? f[1] : null,
      peer: s && s.peer > 0 ? s.peer : null,
    });
  }
  return [...seen.values()];
}
