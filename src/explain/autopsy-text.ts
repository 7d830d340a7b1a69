// The autopsy as plain text: for the CLI (after the status line) and build errors.
import { channelLabel, group3, isPrivate, pidLabel, roleOf, syscallText, tidLabel } from './labels.ts';
import type { Autopsy, Handle, Process, TakenAutopsy, Thread } from '../runner/schema.ts';
import { diagnose } from './diagnose.ts';
import { groupHousekeeping } from './housekeeping.ts';
import { exitWords, onWords, socketWords, wakerWords } from './wait-words.ts';

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

const shortCmd = (p: Process) =>
  p.cmdline
    .map((a, i) => (i === 0 || a.startsWith('/') ? a.slice(a.lastIndexOf('/') + 1) : a))
    .join(' ')
    .slice(0, 70);

/** "read end of pipe A (65,536 of 65,536 bytes)", "socket B: TCP 127.0.0.1:5000 → 127.0.0.1:8080 (peer socket C)". */
function fdWords(a: TakenAutopsy, f: Process['fds'][number]): string {
  const c = a.channels.find((x) => x.inode === f.inode);
  const label = channelLabel(a, f.inode);
  if (f.kind === 'socket') {
    const what = c?.socket ? `: ${socketWords(c.socket)}` : '';
    const peer =
      c?.peer != null ? ` (peer ${channelLabel(a, c.peer)})` : c?.socket?.state === 'LISTEN' ? '' : ' (peer unknown)';
    return `${label}${what}${peer}`;
  }
  const fill =
    c?.filled != null && c.capacity != null
      ? ` (${group3(c.filled)} of ${group3(c.capacity)} bytes)`
      : ' (fill unknown)';
  return `${f.dir === 'both' ? 'read+write' : f.dir} end of ${label}${fill}`;
}

function threadLines(a: TakenAutopsy, p: Process, t: Thread): string[] {
  const out = [
    `    thread ${tidLabel(a, t.tid)} ${t.name} ` +
      `[${t.state}${t.wchan && t.wchan !== '0' ? ` ${t.wchan}` : ''}] ${syscallText(a, p, t)}`,
  ];
  const frames = (t.stack ?? [])
    .slice(0, 4)
    .map((f) => `${f.func} (${f.file.slice(f.file.lastIndexOf('/') + 1)}:${f.line})`);
  if (frames.length) out.push(`      at ${frames.join(' ← ')}`);
  const w = t.wait;
  if (!w) return out;
  if (w.on.kind === 'poll') {
    // The loop's own plumbing (a pipe or eventfd only this process holds) is left out.
    const shown = w.on.fds.filter(
      (x) =>
        x.wakers.inside.some((y) => y.pid !== p.pid) ||
        x.wakers.outside.length ||
        x.wakers.unknown.length ||
        !['pipe', 'eventfd'].includes(x.on.kind),
    );
    for (const x of shown)
      out.push(
        `      watches fd ${x.fd} (${x.events.join('+')}): ${onWords(a, x.on)} — ` +
          `woken by ${wakerWords(a, p, t, x.wakers)}`,
      );
    const hidden = w.on.fds.length - shown.length;
    if (hidden) out.push(`      (and ${hidden} fd${hidden === 1 ? '' : 's'} of its own: the runtime's wake-up pipes)`);
  } else if (w.on.kind === 'running') out.push('      is running on a CPU: it waits on nothing');
  else out.push(`      waits on ${onWords(a, w.on)} — woken by ${wakerWords(a, p, t, w.wakers)}`);
  return out;
}

const handleWords = (a: TakenAutopsy, h: Handle) => {
  const what = [
    h.pid !== null ? `pid ${pidLabel(a, h.pid)}` : h.fd !== null ? `fd ${h.fd}` : '',
    h.writeQueue ? `${group3(h.writeQueue)} bytes queued` : '',
    h.paused ? 'paused' : '',
  ].filter(Boolean);
  return `${h.type}${h.server ? ' server' : ''}${what.length ? ` (${what.join(', ')})` : ''}`;
};

function counted(names: string[]): string {
  const n = new Map<string, number>();
  for (const x of names) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].map(([k, v]) => (v > 1 ? `${v} × ${k}` : k)).join(', ');
}

function processLines(a: TakenAutopsy, p: Process): string[] {
  const out = [`  process ${pidLabel(a, p.pid)} — ${roleOf(a, p.pid)} — ${shortCmd(p)}`];
  if (p.exit) {
    out.push(`    ${exitWords(p.exit)}; its parent has not reaped it (a zombie)`);
    return out;
  }
  const hidden = p.fds.filter((f) => isPrivate(a, f.inode));
  for (const f of p.fds.filter((x) => !hidden.includes(x))) out.push(`    fd ${f.fd} ${fdWords(a, f)}`);
  for (const t of p.threads) if (!t.housekeeping) out.push(...threadLines(a, p, t));
  if (hidden.length)
    out.push(
      `    (${hidden.length} more fd${hidden.length === 1 ? '' : 's'} on pipes or sockets ` +
        'only this process holds, not shown)',
    );
  if (p.stacks !== 'taken') out.push(`    stacks: ${p.stacks}`);
  if (p.handles?.length) out.push(`    event loop holds: ${p.handles.map((h) => handleWords(a, h)).join(', ')}`);
  if (p.resources?.length) out.push(`    keeps its loop alive: ${counted(p.resources)}`);
  for (const c of p.spawned ?? []) {
    const open = c.stdio
      .map((fd, i) => (fd === null ? '' : `${['stdin', 'stdout', 'stderr'][i]} on fd ${fd}`))
      .filter(Boolean);
    out.push(
      `    started child ${pidLabel(a, c.pid)}: ${c.exit ? exitWords(c.exit) : 'running'}` +
        (open.length ? `; its ${open.join(', ')} still open here` : ''),
    );
  }
  return out;
}

/** Several lines, no colour: the diagnosis first, then each process, its pipes, sockets and threads. */
export function renderAutopsyText(a: Autopsy, width = 100): string {
  if (a.status === 'failed') return `autopsy: not available (${a.reason})`;
  const out = [`autopsy${a.normalized ? '' : ` (taken in ${a.costMs} ms)`}:`, wrap(diagnose(a), width - 2, '  '), ''];
  for (const p of a.processes) if (!p.housekeeping) out.push(...processLines(a, p));
  const groups = groupHousekeeping(a);
  if (groups.length) {
    out.push('  housekeeping (not the program):');
    for (const g of groups)
      out.push(`    ${g.count} × ${g.label} — in ${g.pids.map((p) => pidLabel(a, p)).join(', ')}`);
  }
  if (a.unreadable)
    out.push(
      `  (${a.unreadable} process${a.unreadable === 1 ? '' : 'es'} of the machine could not be read: ` +
        'a holder among them would go unseen)',
    );
  return out.join('\n');
}
