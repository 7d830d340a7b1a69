// The wait-for facts in words: what a socket is, how a process ended, who outside the run could
// end a wait, what an fd watched by select/poll/epoll is. Shared by the diagnosis and the text.
import type {
  Channel,
  Endpoint,
  Exit,
  OutsideWaker,
  Process,
  StoredOn as On,
  StoredWakers as Wakers,
  TakenAutopsy,
  Thread,
} from '../runner/schema.ts';
import { channelLabel, pidLabel, roleOf, threadName } from './labels.ts';

export const endpoint = (e: Endpoint) => `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}`;

/** "TCP 127.0.0.1:5000 → 127.0.0.1:8080", "TCP listening on 127.0.0.1:8080", "UNIX stream /run/x.sock". */
export function socketWords(s: NonNullable<Channel['socket']>): string {
  if (s.proto === 'unix') {
    const state = s.state === 'listening' ? ', listening' : s.state === 'connected' ? '' : `, ${s.state}`;
    return `UNIX ${s.type} ${s.path ?? '(unnamed)'}${state}`;
  }
  const name = s.proto.toUpperCase();
  if (s.state === 'LISTEN') return `${name} listening on ${s.local ? endpoint(s.local) : '?'}`;
  const local = s.local ? endpoint(s.local) : '?';
  if (!s.remote) return `${name} bound to ${local}`;
  const state = s.proto === 'tcp' && s.state !== 'ESTABLISHED' ? ` (${s.state})` : '';
  return `${name} ${local} → ${endpoint(s.remote)}${state}`;
}

/** "exited with code 3", "was killed by SIGKILL". */
export function exitWords(e: Exit): string {
  if (e.signal) return `was killed by ${e.signal}`;
  return e.code === null ? 'exited' : `exited with code ${e.code}`;
}

/**
 * Someone outside the run who could end a wait, in words: "pid 812 (python3 server.py --port 8080)",
 * "TCP 10.0.0.7:443 (no process this user can see holds it)", "a client connecting to …". `short`
 * names a process or a peer without the detail, for a sentence that gave it already.
 */
export function outsideWords(a: TakenAutopsy, o: OutsideWaker, short = false): string {
  switch (o.kind) {
    case 'process': {
      // A normalized autopsy numbers only the tree's processes: one outside it has no number there.
      const pid = a.normalized || o.pid <= 0 ? null : `pid ${o.pid}`;
      const cmd = o.command
        .split(/\s+/)
        .slice(0, 4)
        .map((w, i) => (i === 0 || w.includes('/') ? w.slice(w.lastIndexOf('/') + 1) : w));
      if (short) return pid ?? 'that process';
      return `${pid ?? 'a process'} (${cmd.join(' ')})`;
    }
    case 'remote':
      return `${o.proto.toUpperCase()} ${endpoint(o)}${short ? '' : ' (no process this user can see holds it)'}`;
    case 'door':
      switch (o.door) {
        case 'connect':
          return `a client connecting to ${o.target}`;
        case 'send':
          return `a message sent to ${o.target}`;
        case 'open':
          return `a process that opens ${o.target}`;
        case 'signal':
          return o.target;
        case 'change':
          return `a change to ${o.target}`;
        case 'input':
          return `input on ${o.target}`;
      }
  }
}

/** A watched fd's object in a few words: "socket A (TCP listening on 127.0.0.1:8080)", "pipe B", "an eventfd". */
export function onWords(a: TakenAutopsy, on: On): string {
  switch (on.kind) {
    case 'pipe':
      return on.fifo ? `fifo ${on.fifo}` : channelLabel(a, on.inode);
    case 'unix':
    case 'tcp':
    case 'udp':
    case 'socket': {
      const c = a.channels.find((x) => x.inode === on.inode);
      return `${channelLabel(a, on.inode)}${c?.socket ? ` (${socketWords(c.socket)})` : ''}`;
    }
    case 'eventfd':
      return 'an eventfd';
    case 'timerfd':
      return on.armed ? 'an armed timerfd' : 'a disarmed timerfd';
    case 'signal':
      return on.call === 'signalfd' ? 'a signalfd' : on.call;
    case 'inotify':
      return `inotify (${on.watches} watch${on.watches === 1 ? '' : 'es'})`;
    case 'pidfd':
      return `a pidfd${on.pid ? ` of pid ${pidLabel(a, on.pid)}` : ''}`;
    case 'terminal':
      return `terminal ${on.path}`;
    case 'lock':
      return `a ${on.lock} lock on ${on.path}`;
    case 'poll':
      return `${on.call} over ${on.fds.length} fd${on.fds.length === 1 ? '' : 's'}`;
    case 'children':
      return on.children.length === 1
        ? `the exit of ${roleOf(a, on.children[0]!.pid)}`
        : `the exit of any of ${on.children.length} children`;
    case 'futex': {
      const shared = on.futexes.find((f) => !f.private);
      return shared
        ? `a futex in shared memory (${shared.mapping?.replace(/^[0-9a-f]+:[0-9a-f]+ \d+ ?/, '') ?? 'unknown mapping'})`
        : "a futex in the process's private memory";
    }
    case 'sleep':
      return `a sleep (${on.call})`;
    case 'unknown':
      return on.detail;
    default:
      return on.kind;
  }
}

/**
 * The waiting process itself as a waker, named by what is true of it: its other threads, which
 * could end the wait ("its main thread", "its threads A and B"), or none: only the thread waiting.
 */
function selfWords(p: Process, t: Thread): string {
  const others = p.threads.filter((x) => !x.housekeeping && x.tid !== t.tid).map(threadName);
  if (!others.length) return 'only this thread itself, which is the one waiting';
  if (others.length === 1) return `its ${others[0]}`;
  return `its other threads (${others.map((n) => n.replace(/^thread /, '')).join(', ')})`;
}

/**
 * Who could end thread `t`'s wait (or one watched fd's), in one line: processes of the tree,
 * parties outside, a timer, what is unknown.
 */
export function wakerWords(a: TakenAutopsy, p: Process, t: Thread, w: Wakers): string {
  const parts = w.inside.map((x) => {
    const who = x.pid === p.pid ? selfWords(p, t) : roleOf(a, x.pid);
    return x.role.role === 'holds'
      ? `${who} (fd ${x.role.fd})`
      : x.role.role === 'locks'
        ? `${who} (holds the lock)`
        : who;
  });
  parts.push(...w.outside.map((o) => `${outsideWords(a, o)}${o.kind === 'process' ? ', outside the run' : ''}`));
  if (w.timer) parts.push(`a timer (${w.timer})`);
  parts.push(...w.unknown.map((u) => `unknown: ${u}`));
  return parts.length ? parts.join('; ') : 'nobody';
}
