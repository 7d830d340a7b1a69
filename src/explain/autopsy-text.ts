// The autopsy as plain text: for the CLI (after the status line) and build errors.
import { channelLabel, group3, isPrivate, pidLabel, roleOf, syscallText, tidLabel } from './labels.ts';
import type { Autopsy, Process, TakenAutopsy } from '../runner/schema.ts';
import { diagnose } from './diagnose.ts';
import { groupHousekeeping } from './housekeeping.ts';

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

function fill(a: TakenAutopsy, inode: number): string {
  const c = a.channels.find((x) => x.inode === inode);
  if (!c) return '';
  if (c.filled !== null && c.capacity !== null) return ` (${group3(c.filled)} of ${group3(c.capacity)} bytes)`;
  if (c.kind === 'socket') return c.peer !== null ? ` (peer ${channelLabel(a, c.peer)})` : ' (peer unknown)';
  return ' (fill unknown)';
}

/** Several lines, no colour: the diagnosis first, then each process, its pipes and threads. */
export function renderAutopsyText(a: Autopsy, width = 100): string {
  if (a.status === 'failed') return `autopsy: not available (${a.reason})`;
  const out = [`autopsy${a.normalized ? '' : ` (taken in ${a.costMs} ms)`}:`, wrap(diagnose(a), width - 2, '  '), ''];
  for (const p of a.processes) {
    if (p.housekeeping) continue;
    out.push(`  process ${pidLabel(a, p.pid)} — ${roleOf(a, p.pid)} — ${shortCmd(p)}`);
    const hidden = p.fds.filter((f) => isPrivate(a, f.inode));
    for (const f of p.fds.filter((x) => !hidden.includes(x)))
      out.push(
        `    fd ${f.fd} ${f.dir === 'both' ? 'read+write' : f.dir} end of ` +
          `${channelLabel(a, f.inode)}${fill(a, f.inode)}`,
      );
    for (const t of p.threads) {
      if (t.housekeeping) continue;
      out.push(
        `    thread ${tidLabel(a, t.tid)} ${t.name} ` +
          `[${t.state}${t.wchan && t.wchan !== '0' ? ` ${t.wchan}` : ''}] ${syscallText(a, p, t)}`,
      );
      const frames = (t.stack ?? [])
        .slice(0, 4)
        .map((f) => `${f.func} (${f.file.slice(f.file.lastIndexOf('/') + 1)}:${f.line})`);
      if (frames.length) out.push(`      at ${frames.join(' ← ')}`);
    }
    if (hidden.length)
      out.push(`    (${hidden.length} more fds on pipes or sockets only this process holds, not shown)`);
    if (p.stacks !== 'taken') out.push(`    stacks: ${p.stacks}`);
    if (p.handles?.length)
      out.push(
        `    event loop holds: ${p.handles
          .map((h) => h.type + (h.pid !== null ? ` (pid ${pidLabel(a, h.pid)})` : h.fd !== null ? ` (fd ${h.fd})` : ''))
          .join(', ')}`,
      );
  }
  const groups = groupHousekeeping(a);
  if (groups.length) {
    out.push('  housekeeping (not the program):');
    for (const g of groups)
      out.push(`    ${g.count} × ${g.label} — in ${g.pids.map((p) => pidLabel(a, p)).join(', ')}`);
  }
  return out.join('\n');
}
