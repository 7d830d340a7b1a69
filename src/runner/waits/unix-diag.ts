// What Node cannot ask the kernel itself: a UNIX socket's peer is in no /proc file (only the
// sock_diag netlink interface gives it, what `ss -x` reads), and a pipe's fill needs an ioctl.
// Chosen: one long-lived python3 helper per engine process (diag-helper.py), started when a tree
// first looks stuck, answering each request in a round trip, not a Python start-up. The wait-for
// facts ask it for socket peers, the autopsy for pipe fill. Without python3, `ss -xaH` (iproute2,
// not always installed) names UNIX peers; without both, peers are unknown and no wait on a UNIX
// socket is ever proven, and pipe fill is unknown.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pythonExecutable } from '../launch/python.ts';

const SCRIPT = fileURLToPath(new URL('./diag-helper.py', import.meta.url));

export interface UnixPeers {
  /** Peer inode by socket inode; 0 when the peer is not yet accepted (it waits in a listener's queue). */
  peers: Map<number, number>;
  /** Listening sockets with connections waiting to be accepted, and how many. */
  queued: Map<number, number>;
  /** Where the answer came from, or why there is none. */
  source: 'sock_diag' | 'ss' | 'unavailable';
}

/** Pipe fill and UNIX socket peers of a set of processes, by inode. */
export interface ChannelFill {
  /** Bytes waiting and capacity of each pipe or FIFO. */
  fill: Map<number, [number, number]>;
  /** Peer inode (0: none) and receive queue of each UNIX socket. */
  sockets: Map<number, { peer: number; recvQ: number }>;
}

/** Reads UNIX socket peers; passed in so that tests and the engine can choose. */
export type UnixPeerReader = (inodes: number[]) => Promise<UnixPeers>;

interface Rows {
  peers: UnixPeers;
  fill: ChannelFill;
  failed: boolean;
}
let helper: ChildProcess | null = null;
let python: Promise<string | null> | null = null;
const pending = new Map<string, { rows: Rows; done: (r: Rows | null) => void }>();
let nextId = 0;

function run(cmd: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, maxBuffer: 64 << 20 },
      (err, out) => resolve(err ? null : out),
    );
  });
}

/** Whether the helper is up and can answer now. */
export function helperRunning(): boolean {
  return Boolean(helper?.stdin?.writable);
}

/**
 * Starts the helper if it is not running (resolving the real python3 once: `python3` on PATH may be
 * a shell shim costing tens of ms). The engine calls it when a tree first looks stuck.
 */
export function warmUnixDiag(pythonPath?: string): Promise<boolean> {
  python ??= pythonPath ? Promise.resolve(pythonPath) : pythonExecutable();
  return python.then((path) => {
    if (!path) return false;
    if (helper) return true;
    const c = spawn(path, ['-I', '-S', SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] });
    helper = c;
    // The helper must never keep the engine alive; it exits at EOF on its stdin, when the engine does.
    c.unref();
    (c.stdin as unknown as { unref?: () => void }).unref?.();
    (c.stdout as unknown as { unref?: () => void }).unref?.();
    c.stdin!.on('error', () => {});
    c.on('error', () => {});
    let buf = '';
    c.stdout!.setEncoding('utf8');
    c.stdout!.on('data', (text: string) => {
      buf += text;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const [id, kind, a, b, d] = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        const p = pending.get(id!);
        if (!p) continue;
        const r = p.rows;
        if (kind === 'end') {
          pending.delete(id!);
          p.done(r);
        } else if (kind === 'fail') r.failed = true;
        else if (kind === 'S') r.peers.peers.set(Number(a), Number(b));
        else if (kind === 'L') r.peers.queued.set(Number(a), Number(b));
        else if (kind === 'P') r.fill.fill.set(Number(a), [Number(b), Number(d)]);
        else if (kind === 'Q') r.fill.sockets.set(Number(a), { peer: Number(b), recvQ: Number(d) });
      }
    });
    c.on('exit', () => {
      if (helper === c) helper = null;
      for (const p of pending.values()) p.done(null);
      pending.clear();
    });
    return true;
  });
}

/** Stops the helper (tests; the engine lets it end with its own exit). */
export function stopUnixDiag(): void {
  helper?.stdin?.end();
  helper = null;
}

function ask(request: string, args: number[], timeoutMs: number): Promise<Rows | null> {
  const c = helper;
  if (!c?.stdin?.writable) return Promise.resolve(null);
  const id = String(++nextId);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve(null);
    }, timeoutMs);
    timer.unref();
    pending.set(id, {
      rows: {
        peers: { peers: new Map(), queued: new Map(), source: 'sock_diag' },
        fill: { fill: new Map(), sockets: new Map() },
        failed: false,
      },
      done: (r) => {
        clearTimeout(timer);
        resolve(r);
      },
    });
    c.stdin!.write(`${id} ${request} ${args.join(' ')}\n`);
  });
}

/** `ss -xaH`: "u_str ESTAB 0 0 path inode peer-path peer-inode"; for a listener Recv-Q is its queue. */
export function parseSs(text: string, wanted: Set<number>): UnixPeers {
  const out: UnixPeers = { peers: new Map(), queued: new Map(), source: 'ss' };
  for (const line of text.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t.length < 8) continue;
    const ino = Number(t[t.length - 3]);
    const peer = Number(t[t.length - 1]);
    if (wanted.has(ino)) out.peers.set(ino, peer);
    else if (t[1] === 'LISTEN' && Number(t[2]) > 0) out.queued.set(ino, Number(t[2]));
  }
  return out;
}

/** The default reader: the helper, then ss, then nothing. */
export const readUnixPeers: UnixPeerReader = async (inodes) => {
  if (inodes.length === 0) return { peers: new Map(), queued: new Map(), source: 'sock_diag' };
  if (await warmUnixDiag()) {
    const r = await ask('peers', inodes, 1000);
    if (r && !r.failed) return r.peers;
  }
  const text = await run('ss', ['-xaH'], 1000);
  if (text !== null) return parseSs(text, new Set(inodes));
  return { peers: new Map(), queued: new Map(), source: 'unavailable' };
};

/**
 * Pipe fill and UNIX socket peers of the pids (starting the helper if needed), or null when there
 * is no python3 or no answer within `timeoutMs`.
 */
export async function readChannelFill(pids: number[], timeoutMs: number): Promise<ChannelFill | null> {
  if (pids.length === 0 || !(await warmUnixDiag())) return null;
  return (await ask('fill', pids, timeoutMs))?.fill ?? null;
}
