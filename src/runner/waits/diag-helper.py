# hangtime's one python3 helper per engine process: what Node cannot ask the kernel itself.
# Each request is one line on stdin, "ID peers INODE…" or "ID fill PID…"; each answer is lines
# "ID …" ending with "ID end" (or "ID fail"). It exits at EOF on stdin, that is with the engine.
#   peers: every UNIX socket's peer inode from sock_diag (what `ss -x` reads): "ID S ino peer";
#          and each listener with connections waiting to be accepted: "ID L ino queued".
#   fill:  how full each pipe or FIFO the pids hold is (FIONREAD, F_GETPIPE_SZ through
#          /proc/PID/fd/N, without reading a byte): "ID P ino bytes capacity"; and the peer and
#          receive queue of each of their UNIX sockets: "ID Q ino peer queued".
import fcntl, os, socket, stat, struct, sys


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


def peers(rid, args):
    wanted, out = set(int(x) for x in args), []
    for ino, typ, state, peer, rq in dump():
        if ino in wanted:
            out.append("%s S %d %d" % (rid, ino, peer))
        elif state == 10 and rq > 0:  # a listener with connections waiting to be accepted
            out.append("%s L %d %d" % (rid, ino, rq))
    return out


def fill(rid, pids):
    seen, sockets, out = set(), set(), []
    for pid in pids:
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
        try:
            for ino, typ, state, peer, rq in dump():
                if ino in sockets:
                    out.append("%s Q %d %d %d" % (rid, ino, peer, rq))
        except OSError:
            pass
    return out


for line in sys.stdin:
    parts = line.split()
    if len(parts) < 2:
        continue
    rid, cmd = parts[0], parts[1]
    try:
        out = peers(rid, parts[2:]) if cmd == "peers" else fill(rid, parts[2:])
    except OSError:
        out = ["%s fail" % rid]
    out.append("%s end" % rid)
    sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()
