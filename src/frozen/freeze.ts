// Freezing a RunResult into a FrozenDoc: normalized, so that a re-run on any machine compares
// equal. The way back, for frozen builds, is thaw.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { localImports, type RunResult } from '../runner/index.ts';
import { repoRoot } from '../shared/paths.ts';
import { normalizeAutopsy } from './normalize/autopsy.ts';
import { moveRoot } from './normalize/paths.ts';
import { autopsyCore } from './autopsy-core.ts';
import {
  FROZEN_FORMAT,
  emptyRecorded,
  type FrozenDoc,
  type FrozenOutcome,
  type FrozenRecorded,
  type FrozenValue,
} from './document.ts';
import { significantOptions } from './identity.ts';
import { Labeller, normalizeText, type NormalizeContext, type Redaction } from './normalize/text.ts';

/** Text → lines, remembering whether it ended with a newline. */
export function toLines(text: string): { lines: string[]; eol: boolean } {
  if (text === '') return { lines: [], eol: true };
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const eol = lines[lines.length - 1] === '';
  if (eol) lines.pop();
  return { lines, eol };
}

/** sha256 of the snippet and every repository file it imports, named relative to the snippet root. */
export function snippetFiles(file: string, base: string): Record<string, string> {
  const abs = resolve(file);
  const out: Record<string, string> = {};
  for (const f of localImports(abs, [join(base, 'lib')])) {
    out[relative(base, f)] = createHash('sha256').update(readFileSync(f)).digest('hex');
  }
  return out;
}

function frozenOutcome(r: RunResult): FrozenOutcome {
  const o = r.outcome;
  return {
    kind: o.kind,
    code: o.code,
    // The engine's own kill signal (SIGTERM, or SIGKILL after a grace) is timing, not behaviour.
    signal: o.killedBy ? null : o.signal,
    killedBy: o.killedBy,
    leftBehind: o.leftBehind,
    limits: o.limits.map((l) => l.kind),
  };
}

export function frozenValues(r: RunResult): FrozenValue[] {
  const withIndex = r.values.map((v, i) => ({ v, i }));
  withIndex.sort((a, b) => (a.v.name < b.v.name ? -1 : a.v.name > b.v.name ? 1 : a.i - b.i));
  return withIndex.map(({ v }) => {
    const out: FrozenValue = { name: v.name, value: v.value, compare: v.compare };
    if (v.min !== undefined) out.min = v.min;
    if (v.max !== undefined) out.max = v.max;
    if (v.unit !== undefined) out.unit = v.unit;
    return out;
  });
}

/**
 * The autopsy twice: `full` is its machine-independent form (pids P1…, pipes A…, paths
 * relative), kept in the recorded block for frozen builds to draw; `core` is the part verify
 * compares (see autopsy-core.ts).
 */
function frozenAutopsy(
  autopsy: RunResult['autopsy'],
  runnableRoot: string,
): { full: RunResult['autopsy']; core: unknown } {
  if (!autopsy) return { full: null, core: null };
  // Snippet paths become runnable/… wherever the tree lives (a test copies it to a temporary folder).
  const full = normalizeAutopsy(moveRoot(autopsy, runnableRoot, 'runnable'));
  return { full, core: autopsyCore(full) };
}

/** Normalizes a fresh result into the document verify compares and --update writes. */
export function freeze(
  r: RunResult,
  o: { id?: string; redact?: Redaction[]; file?: string; runnableRoot?: string } = {},
): FrozenDoc {
  const file = o.file ? resolve(o.file) : join(repoRoot, r.snippet.path);
  const base = o.runnableRoot ? resolve(o.runnableRoot) : join(repoRoot, 'runnable');
  const redact = o.redact ?? [];
  const ctx: NormalizeContext = { host: r.host, runId: r.runId, redactions: redact, runnableRoot: base };
  const labels = new Labeller();
  const streams = { stdout: '', stderr: '' };
  const order: FrozenRecorded['order'] = [];
  const pending: Record<string, string> = { stdout: '', stderr: '' };
  for (const c of r.transcript.chunks) {
    if (c.stream === 'engine') continue;
    streams[c.stream] += c.text;
    pending[c.stream] += c.text;
    const complete = pending[c.stream]!.split('\n').length - 1;
    if (complete > 0) {
      pending[c.stream] = pending[c.stream]!.slice(pending[c.stream]!.lastIndexOf('\n') + 1);
      const last = order[order.length - 1];
      if (last && last[0] === c.stream) last[2] += complete;
      else order.push([c.stream, Math.round(c.t), complete]);
    }
  }
  for (const s of ['stdout', 'stderr'] as const) if (pending[s]) order.push([s, Math.round(r.timing.wallMs), 1]);
  const autopsy = frozenAutopsy(r.autopsy, base);
  const out = toLines(normalizeText(streams.stdout, ctx, labels));
  const err = toLines(normalizeText(streams.stderr, ctx, labels));
  return {
    format: FROZEN_FORMAT,
    snippet: relative(base, file),
    files: snippetFiles(file, base),
    id: o.id,
    options: significantOptions(r.options),
    outcome: frozenOutcome(r),
    values: frozenValues(r),
    autopsy: autopsy.core,
    redact,
    stdout: out.lines,
    stderr: err.lines,
    recorded: {
      ...emptyRecorded(),
      command: r.command,
      argv: r.argv.map((a) => a.split(repoRoot).join('[ROOT]')),
      startedAt: r.startedAt,
      host: r.host,
      method: r.outcome.method,
      timing: r.timing,
      hang: r.hang,
      order,
      noEol: [...(out.eol ? [] : (['stdout'] as const)), ...(err.eol ? [] : (['stderr'] as const))],
      totalBytes: r.transcript.totalBytes,
      droppedBytes: r.transcript.droppedBytes,
      timeline: r.timeline.map((e) => ({ ...e, t: Math.round(e.t * 10) / 10 })),
      autopsy: autopsy.full,
      // Machine facts like the timeline's; the repository's own path is said as in argv.
      proof: r.proof && JSON.parse(JSON.stringify(r.proof).split(repoRoot).join('[ROOT]')),
    },
  };
}
