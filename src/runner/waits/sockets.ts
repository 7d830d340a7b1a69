// Sockets from /proc/PID/net/{unix,tcp,tcp6,udp,udp6} (the waiting process's network
// namespace): which table an inode is in, its addresses and state, and its peer on this machine.
import type { Endpoint } from './facts.ts';
import { readSeqFile, readText } from './proc-files.ts';

export interface InetRow {
  proto: 'tcp' | 'udp';
  family: 4 | 6;
  local: Endpoint;
  remote: Endpoint;
  state: string;
  inode: number;
  uid: number;
}
export interface UnixRow {
  inode: number;
  type: string;
  state: string;
  listening: boolean;
  path: string | null;
}

const TCP_STATES = [
  '',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
];
const UNIX_TYPES: Record<string, string> = { '0001': 'stream', '0002': 'dgram', '0005': 'seqpacket' };
const UNIX_STATES: Record<string, string> = {
  '01': 'unconnected',
  '02': 'connecting',
  '03': 'connected',
  '04': 'disconnecting',
};

/** An address as /proc/net prints it: IPv4 as one host-order word, IPv6 as four. v4-mapped IPv6 reads as IPv4. */
export function decodeAddress(hex: string): string {
  const word = (w: string) => [6, 4, 2, 0].map((i) => parseInt(w.slice(i, i + 2), 16));
  if (hex.length === 8) return word(hex).join('.');
  const bytes = [0, 8, 16, 24].flatMap((i) => word(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressV6(groups);
}

function compressV6(g: string[]): string {
  let best = -1,
    len = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > len && j - i > 1) {
      best = i;
      len = j - i;
    }
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + len).join(':')}`;
}

function endpoint(text: string): Endpoint {
  const [a, p] = text.split(':');
  return { address: decodeAddress(a!), port: parseInt(p!, 16) };
}

export function parseInet(text: string, proto: 'tcp' | 'udp', family: 4 | 6): InetRow[] {
  const out: InetRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const st = parseInt(f[3]!, 16);
    out.push({
      proto,
      family,
      local: endpoint(f[1]!),
      remote: endpoint(f[2]!),
      state: proto === 'udp' ? (st === 1 ? 'connected' : 'unconnected') : (TCP_STATES[st] ?? `state ${st}`),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

export function parseUnix(text: string): UnixRow[] {
  const out: UnixRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^\S+: \S+ \S+ (\S+) (\S+) (\S+)\s+(\d+)(?: (.*))?$/.exec(line);
    if (!m) continue;
    out.push({
      inode: Number(m[4]),
      type: UNIX_TYPES[m[2]!] ?? `type ${m[2]}`,
      state: UNIX_STATES[m[3]!] ?? `state ${m[3]}`,
      listening: (parseInt(m[1]!, 16) & 0x10000) !== 0,
      path: m[5] ?? null,
    });
  }
  return out;
}

const isAny = (a: string) => a === '0.0.0.0' || a === '::';
const same = (x: Endpoint, y: Endpoint) => x.port === y.port && x.address === y.address;
export const isLoopback = (a: string) => a.startsWith('127.') || a === '::1';

/** The socket tables of one network namespace, each read on first need (a TCP table walk can cost ms). */
export class NetTables {
  private readonly base: string;
  private cache = new Map<string, InetRow[] | UnixRow[]>();

  constructor(root: string, pid: number) {
    this.base = `${root}/${pid}/net`;
  }

  unix(): UnixRow[] {
    return this.table('unix', () => parseUnix(readText(`${this.base}/unix`) ?? '')) as UnixRow[];
  }

  inet(proto: 'tcp' | 'udp', family: 4 | 6): InetRow[] {
    const name = `${proto}${family === 6 ? '6' : ''}`;
    // Lines are 150 (tcp) to 178 (tcp6) characters; udp6 ~ 190.
    return this.table(name, () =>
      parseInet(readSeqFile(`${this.base}/${name}`, 256) ?? '', proto, family),
    ) as InetRow[];
  }

  private table(name: string, load: () => InetRow[] | UnixRow[]): InetRow[] | UnixRow[] {
    let t = this.cache.get(name);
    if (!t) {
      t = load();
      this.cache.set(name, t);
    }
    return t;
  }

  /** Which table holds this socket inode; the cheap table first, TCP before UDP. */
  find(inode: number): { unix: UnixRow } | { inet: InetRow } | null {
    const u = this.unix().find((r) => r.inode === inode);
    if (u) return { unix: u };
    for (const [proto, family] of [
      ['tcp', 4],
      ['tcp', 6],
      ['udp', 4],
      ['udp', 6],
    ] as const) {
      const r = this.inet(proto, family).find((x) => x.inode === inode);
      if (r) return { inet: r };
    }
    return null;
  }

  /** The other end of a connection on this machine: the row whose local is our remote and whose remote is our local. */
  peer(row: InetRow): InetRow | null {
    for (const family of [4, 6] as const) {
      const r = this.inet(row.proto, family).find(
        (x) => x !== row && same(x.local, row.remote) && same(x.remote, row.local),
      );
      if (r) return r;
    }
    return null;
  }

  /** The listening sockets that accept connections to an endpoint (its address or a wildcard). */
  listeners(at: Endpoint): InetRow[] {
    const out: InetRow[] = [];
    for (const family of [4, 6] as const) {
      for (const x of this.inet('tcp', family)) {
        if (
          x.state === 'LISTEN' &&
          x.local.port === at.port &&
          (x.local.address === at.address || isAny(x.local.address))
        )
          out.push(x);
      }
    }
    return out;
  }

  /** A UDP socket bound to an endpoint (the peer of a connected UDP socket). */
  udpBound(at: Endpoint): InetRow[] {
    const out: InetRow[] = [];
    for (const family of [4, 6] as const) {
      for (const x of this.inet('udp', family))
        if (x.local.port === at.port && (x.local.address === at.address || isAny(x.local.address))) out.push(x);
    }
    return out;
  }
}
