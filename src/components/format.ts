// Words and numbers as the pages print them: published values, and where/when a run ran.
import type { RunResult } from '../runner/schema.ts';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const two = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A published value in prose: int (default, thousands separators) | bytes | ms | s | x | cores | raw.
 * cores: a count of busy cores, two decimals and its noun ("1.00 cores", never "1 cores").
 */
export function formatValue(value: unknown, format = 'int'): string {
  if (format === 'raw' || typeof value !== 'number') return typeof value === 'string' ? value : JSON.stringify(value);
  switch (format) {
    case 'bytes':
      return `${int.format(value)} bytes`;
    case 'ms':
      return `${int.format(value)} ms`;
    case 's':
      return `${two.format(value)} s`;
    case 'x':
      return `${two.format(value)}×`;
    case 'cores':
      return `${two.format(value)} cores`;
    default:
      return Number.isInteger(value) ? int.format(value) : two.format(value);
  }
}

/** A quoted choice (a <Predict>'s): in double quotes, or single ones around a choice that quotes something itself. */
export function quoted(text: string): string {
  return text.includes('“') ? `‘${text}’` : `“${text}”`;
}

/** A table cell: numbers right-aligned with separators, booleans as words. */
export function formatCell(value: unknown): { text: string; numeric: boolean } {
  if (typeof value === 'number') return { text: formatValue(value), numeric: true };
  if (typeof value === 'boolean') return { text: value ? 'yes' : 'no', numeric: false };
  if (value === null || value === undefined) return { text: '—', numeric: false };
  return { text: String(value), numeric: false };
}

/**
 * "ran 2026-11-25 17:40 UTC on Linux 6.1.0 (x86_64, 2 cores, load average 0.42) · Node v24.21.0 ·
 * Python 3.11.7 (start method fork)": where, when, and how busy the machine was.
 */
export function provenance(result: RunResult): string {
  const { host } = result;
  const when = result.startedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const os = host.os === 'linux' ? 'Linux' : host.os;
  const load = host.load ? `, load average ${host.load[0].toFixed(2)}` : '';
  const parts = [`ran ${when} on ${os} ${host.kernel} (${host.arch}, ${host.cpus} cores${load})`, `Node ${host.node}`];
  if (result.snippet.language === 'py' && host.python) {
    parts.push(`Python ${host.python.version} (start method ${host.python.startMethod})`);
  }
  return parts.join(' · ');
}
