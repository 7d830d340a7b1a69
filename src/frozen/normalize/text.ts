// Normalization: what changes from run to run (pids, pipe inodes, temporary paths,
// durations, dates, versions, addresses) becomes a labelled placeholder, so a frozen
// transcript compares equal on the next run and on another machine.
//
// Pids are only recognised with a word that says so ("pid 123", "pid=123", "parent=123",
// "/proc/123/"): a bare number could be a size that happens to equal a live pid
// (7278 is both a bisection maximum and a plausible pid here). The same pid or inode
// gets the same label everywhere in one run: [PID1], [PID2], pipe:[INODE1] …
import { hostname, homedir, tmpdir } from 'node:os';
import type { Host } from '../../runner/schema.ts';
import { knownPaths } from './paths.ts';

/** One per-run redaction: every match of `pattern` becomes `label` ($1… refer to groups). */
export interface Redaction {
  pattern: string;
  label: string;
}

export interface NormalizeContext {
  host?: Host | null;
  runId?: string;
  redactions?: Redaction[];
  /** The snippet root (runnable/): shown as [RUNNABLE] wherever the tree lives. */
  runnableRoot?: string;
}

/** Labels handed out in order of first appearance, shared by everything of one run. */
export class Labeller {
  private maps = new Map<string, Map<string, string>>();
  label(kind: string, raw: string): string {
    let map = this.maps.get(kind);
    if (!map) this.maps.set(kind, (map = new Map()));
    let label = map.get(raw);
    if (!label) map.set(raw, (label = `${kind}${map.size + 1}`));
    return label;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a redaction, naming it in the error when its pattern is not a regular expression. */
export function compileRedaction(r: Redaction): RegExp {
  try {
    return new RegExp(r.pattern, 'g');
  } catch (e) {
    throw new Error(
      `redaction pattern ${JSON.stringify(r.pattern)} is not a regular expression (${(e as Error).message}); ` +
        'write it as a JavaScript RegExp source, e.g. "speed-up [0-9.]+x"',
    );
  }
}

const PATH_END = `[^\\s'"\`,;:()\\[\\]{}<>]*`;
const DURATION = /(?<![\w.])\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds?|minutes?|min)\b/g;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const WEEKDAY = /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.source;
const MONTH = /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/.source;
const C_DATE = new RegExp(String.raw`\b${WEEKDAY} ${MONTH} +\d{1,2} \d{2}:\d{2}:\d{2}(?: [A-Z]{2,5})? \d{4}\b`, 'g');
const CLOCK = /\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g;
const VERSION = /\bv?\d+\.\d+\.\d+(?:[-+][\w.]+)?\b/g;
const ADDRESS = /\b0x[0-9a-fA-F]{6,}\b/g;
// One pass per kind, so labels follow the order in which the text mentions them.
// "pipe 131,072 bytes" is a size, not an inode.
const INODE = /\b(pipe|socket|anon_inode|inode):\[(\d+)\]|\b(pipe|socket|fifo|inode) (\d{3,})\b(?![,.]\d)/g;
const PID = new RegExp(
  [
    /\/proc\/(\d+)(?=\/|\b)/.source,
    /\b(pid|PID|Pid|ppid|tid|TID)(\s*[=:#]?\s*)(\d{2,})\b/.source,
    /\b(parent|child|process|Process)=(\d{2,})\b/.source,
  ].join('|'),
  'g',
);

/** Normalizes one text (a transcript, an autopsy string) with the run's labels. */
export function normalizeText(text: string, ctx: NormalizeContext, labels: Labeller): string {
  let out = text;
  for (const r of ctx.redactions ?? []) out = out.replace(compileRedaction(r), r.label);
  if (ctx.runId) out = out.split(ctx.runId).join('[RUN_ID]');
  for (const [path, label] of knownPaths(ctx.host, ctx.runnableRoot)) out = out.split(path).join(label);
  const tmp = tmpdir().replace(/\/$/, '');
  out = out.replace(new RegExp(`${escape(tmp)}/${PATH_END}`, 'g'), '[TMP]');
  if (tmp !== '/tmp') out = out.replace(new RegExp(`/tmp/${PATH_END}`, 'g'), '[TMP]');
  out = out.replace(INODE, (_m, k1?: string, n1?: string, k2?: string, n2?: string) =>
    k1 ? `${k1}:[${labels.label('INODE', n1!)}]` : `${k2} [${labels.label('INODE', n2!)}]`,
  );
  out = out.replace(PID, (_m, p1?: string, w2?: string, sep?: string, n2?: string, w3?: string, n3?: string) => {
    if (p1) return `/proc/[${labels.label('PID', p1)}]`;
    if (w2) return `${w2}${sep}[${labels.label('PID', n2!)}]`;
    return `${w3}=[${labels.label('PID', n3!)}]`;
  });
  out = out.replace(ADDRESS, '[ADDR]');
  out = out.replace(ISO_DATE, '[DATE]').replace(C_DATE, '[DATE]').replace(CLOCK, '[TIME]');
  if (ctx.host?.node) out = out.split(ctx.host.node).join('[NODE_VERSION]');
  if (ctx.host?.python?.version)
    out = out.replace(new RegExp(`\\b${escape(ctx.host.python.version)}\\b`, 'g'), '[PYTHON_VERSION]');
  out = out.replace(VERSION, '[VERSION]');
  out = out.replace(DURATION, '[DUR]');
  const name = hostname();
  if (name.length >= 3) out = out.split(name).join('[HOST]');
  return out;
}

const PID_KEY = /^(pid|ppid|tid|rootPid|holder|owner|pids|tids)$/i;
const INODE_KEY = /inode/i;
const TIME_KEY = /(^t$|Ms$|At$|^startedAt$|^time|^cpu|^rss|^wall|^elapsed)/;

/**
 * Normalizes a JSON tree (the autopsy): pid-like keys get [PIDn] labels, inode keys
 * [INODEn], time-like keys are dropped, and every string goes through normalizeText.
 */
export function normalizeTree(value: unknown, ctx: NormalizeContext, labels: Labeller, key = ''): unknown {
  if (typeof value === 'number' && PID_KEY.test(key)) return `[${labels.label('PID', String(value))}]`;
  if (typeof value === 'number' && INODE_KEY.test(key)) return `[${labels.label('INODE', String(value))}]`;
  if (typeof value === 'string') return normalizeText(value, ctx, labels);
  if (Array.isArray(value)) return value.map((v) => normalizeTree(v, ctx, labels, PID_KEY.test(key) ? key : ''));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (TIME_KEY.test(k)) continue;
      out[k] = normalizeTree(v, ctx, labels, k);
    }
    return out;
  }
  return value;
}
