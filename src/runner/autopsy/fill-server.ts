// One python3 helper per engine process, started when the first run is launched and kept
// waiting on its stdin, so reading pipe fill (FIONREAD, F_GETPIPE_SZ) and socket peers (netlink
// sock_diag, what `ss -x` reads) during an autopsy costs a round trip, not a
// Python start-up (30 ms idle, hundreds under load). It holds no reference on the event
// loop and exits at EOF, that is when the engine process exits: it never outlives it.
import { spawn, type ChildProcess } from 'node:child_process';

const SERVER = `
import fcntl, os, socket, stat, struct, sys

def unix_peers(wanted):
    # sock_diag over netlink, as ss -x does: each Unix socket's peer inode and receive queue.
    out = {}
    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)  # NETLINK_SOCK_DIAG
    except OSError:
        return out
    try:
        req = struct.pack("=BBxxIIIII", 1, 0, 0xFFFFFFFF, 0, 4 | 16, 0xFFFFFFFF, 0xFFFFFFFF)  # PEER | RQLEN
        s.sendto(struct.pack("=IHHII", 16 + len(req), 20, 0x301, 1, 0) + req, (0, 0))
        done = False
        while not done:
            data = s.recv(65536)
            off = 0
            while off + 16 <= len(data):
                length, kind = struct.unpack_from("=IH", data, off)
                if kind in (2, 3) or length < 16:  # NLMSG_ERROR, NLMSG_DONE
                    done = True
                    break
                ino = struct.unpack_from("=I", data, off + 20)[0]
                peer, rq = 0, -1
                a = off + 16 + 16
                while a + 4 <= off + length:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype == 2:
                        peer = struct.unpack_from("=I", data, a + 4)[0]
                    elif atype == 4:
                        rq = struct.unpack_from("=I", data, a + 4)[0]
                    a += (alen + 3) & ~3
                if ino in wanted:
                    out[ino] = (peer, rq)
                off += (length + 3) & ~3
    finally:
        s.close()
    return out

for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    rid, seen, out, sockets = parts[0], set(), [], set()
    for pid in parts[1:]:
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
            if stat.S_ISSOCK(st.st_mode):
                sockets.add(st.st_ino)
            if not stat.S_ISFIFO(st.st_mode) or st.st_ino in seen:
                continue
            seen.add(st.st_ino)
            try:
                f = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            except OSError:
                continue
            try:
                n = int.from_bytes(fcntl.ioctl(f, 0x541B, bytes(4)), sys.byteorder)  # FIONREAD
                out.append("%s P %d %d %d" % (rid, st.st_ino, n, fcntl.fcntl(f, 1032)))  # F_GETPIPE_SZ
            except OSError:
                pass
            finally:
                os.close(f)
    if sockets:
        for ino, (peer, rq) in unix_peers(sockets).items():
            out.append("%s S %d %d %d" % (rid, ino, peer, rq))
    out.append("%s end" % rid)
    sys.stdout.write("\\n".join(out) + "\\n")
    sys.stdout.flush()
`;

export interface Served {
  fill: Map<number, [number, number]>;
  peers: Map<number, { peer: number; recvQ: number }>;
}
interface Pending {
  rows: Served;
  done: (m: Served) => void;
}
let child: ChildProcess | undefined;
const pending = new Map<string, Pending>();
let nextId = 0;

/** Whether the helper is up and can answer now. */
export function fillServerRunning(): boolean {
  return Boolean(child?.stdin?.writable);
}

/** Starts the helper once (python: the real interpreter's path, never a shim). */
export function startFillServer(python: string): void {
  if (child) return;
  const c = spawn(python, ['-I', '-S', '-c', SERVER], { stdio: ['pipe', 'pipe', 'ignore'] });
  child = c;
  c.unref();
  (c.stdin as unknown as { unref?: () => void }).unref?.();
  (c.stdout as unknown as { unref?: () => void }).unref?.();
  c.stdin!.on('error', () => {});
  let buf = '';
  c.stdout!.setEncoding('utf8');
  c.stdout!.on('data', (text: string) => {
    buf += text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const [id, kind, a, b, c] = buf.slice(0, nl).split(' ');
      buf = buf.slice(nl + 1);
      const p = pending.get(id!);
      if (!p) continue;
      if (kind === 'end') {
        pending.delete(id!);
        p.done(p.rows);
      } else if (kind === 'P') p.rows.fill.set(Number(a), [Number(b), Number(c)]);
      else if (kind === 'S') p.rows.peers.set(Number(a), { peer: Number(b), recvQ: Number(c) });
    }
  });
  c.on('exit', () => {
    if (child === c) child = undefined;
    for (const p of pending.values()) p.done({ fill: new Map(), peers: new Map() });
    pending.clear();
  });
  c.on('error', () => {});
}

/**
 * Fill and capacity of every pipe the pids hold and the peer of each Unix socket, by inode; null when
 * no helper is running.
 */
export function askFillServer(pids: number[]): Promise<Served> | null {
  if (!child?.stdin?.writable) return null;
  const id = String(++nextId);
  return new Promise((done) => {
    pending.set(id, { rows: { fill: new Map(), peers: new Map() }, done });
    child!.stdin!.write(`${id} ${pids.join(' ')}\n`);
  });
}
