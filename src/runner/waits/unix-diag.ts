// The peer of a UNIX socket is in no /proc file: only the kernel's sock_diag netlink interface
// gives it (what `ss -x` reads), and Node cannot open a netlink socket. Chosen: one long-lived
// python3 helper per engine process that answers a dump per request (a round trip, not a Python
// start-up); without python3, `ss -xaH` (iproute2, not always installed); without both, peers
// are unknown and no wait on a UNIX socket is ever proven. The autopsy's fill-server asks the same
// interface: the two helpers could become one.
import { execFile, spawn, type ChildProcess } from 'node:child_process';

const HELPER = `
import socket, struct, sys

def dump():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)  # NETLINK_SOCK_DIAG
    try:
        # unix_diag_req: family AF_UNIX, all states, show PEER | RQLEN
        req = struct.pack("=BBxxIIIII", 1, 0, 0xFFFFFFFF, 0, 4 | 16, 0xFFFFFFFF, 0xFFFFFFFF)
        s.sendto(struct.pack("=IHHII", 16 + len(req), 20, 0x301, 1, 0) + req, (0, 0))
        while True:
            data = s.recv(1 << 16)
            off = 0
            while off + 16 <= len(data):
                length, kind = struct.unpack_from("=IH", data, off)
                if kind == 3 or length < 16:  # NLMSG_DONE
                    return
                if kind == 2:  # NLMSG_ERROR
                    raise OSError("sock_diag error")
                typ, state, ino = struct.unpack_from("=xBBxI", data, off + 16)
                peer, rq = 0, -1
                a = off + 32
                while a + 4 <= off + length:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype == 2:
                        peer = struct.unpack_from("=I", data, a + 4)[0]
                    elif atype == 4:
                        rq = struct.unpack_from("=I", data, a + 4)[0]
                    a += (alen + 3) & ~3
                yield ino, typ, state, peer, rq
                off += (length + 3) & ~3
    finally:
        s.close()

for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    rid, wanted, out = parts[0], set(int(x) for x in parts[1:]), []
    try:
        for ino, typ, state, peer, rq in dump():
            if ino in wanted:
                out.append("%s S %d %d" % (rid, ino, peer))
            elif state == 10 and rq > 0:  # a listener with connections waiting to be accepted
                out.append("%s L %d %d" % (rid, ino, rq))
    except OSError:
        out = ["%s fail" % rid]
    out.append("%s end" % rid)
    sys.stdout.write("\\n".join(out) + "\\n")
    sys.stdout.flush()
`;

export interface UnixPeers {
  /** Peer inode by socket inode; 0 when the peer is not yet accepted (it waits in a listener's queue). */
  peers: Map<number, number>;
  /** Listening sockets with connections waiting to be accepted, and how many. */
  queued: Map<number, number>;
  /** Where the answer came from, or why there is none. */
  source: 'sock_diag' | 'ss' | 'unavailable';
}

/** Reads UNIX socket peers; passed in so that tests and the engine can choose. */
export type UnixPeerReader = (inodes: number[]) => Promise<UnixPeers>;

let helper: ChildProcess | null = null;
let python: Promise<string | null> | null = null;
const pending = new Map<string, { rows: UnixPeers; done: (p: UnixPeers | null) => void }>();
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

/**
 * Starts the helper if it is not running (resolving the real python3 once: `python3` on PATH may be
 * a shell shim costing tens of ms). Call it when a run starts so the first analysis does not pay.
 */
export function warmUnixDiag(pythonPath?: string): Promise<boolean> {
  python ??= pythonPath
    ? Promise.resolve(pythonPath)
    : run('python3', ['-I', '-S', '-c', 'import sys; print(sys.executable)'], 5000).then((o) => o?.trim() || null);
  return python.then((path) => {
    if (!path) return false;
    if (helper) return true;
    const c = spawn(path, ['-I', '-S', '-c', HELPER], { stdio: ['pipe', 'pipe', 'ignore'] });
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
        const [id, kind, a, b] = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        const p = pending.get(id!);
        if (!p) continue;
        if (kind === 'end') {
          pending.delete(id!);
          p.done(p.rows);
        } else if (kind === 'fail') p.rows.source = 'unavailable';
        else if (kind === 'S') p.rows.peers.set(Number(a), Number(b));
        else if (kind === 'L') p.rows.queued.set(Number(a), Number(b));
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

function askHelper(inodes: number[], timeoutMs: number): Promise<UnixPeers | null> {
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
      rows: { peers: new Map(), queued: new Map(), source: 'sock_diag' },
      done: (p) => {
        clearTimeout(timer);
        resolve(p);
      },
    });
    c.stdin!.write(`${id} ${inodes.join(' ')}\n`);
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
    const r = await askHelper(inodes, 1000);
    if (r && r.source === 'sock_diag') return r;
  }
  const text = await run('ss', ['-xaH'], 1000);
  if (text !== null) return parseSs(text, new Set(inodes));
  return { peers: new Map(), queued: new Map(), source: 'unavailable' };
};
