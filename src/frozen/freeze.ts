// Freezing a RunResult into a FrozenDoc: one execution whole. Its compared part is normalized, so
// that a re-run on any machine compares equal; what a page shows (the transcript as printed, the
// values as published, the recorded facts) is kept as the run made it. The way back is thaw.ts.
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
    if (v.quiet) out.quiet = true;
    return out;
  });
}

/**
 * The part of the autopsy verify compares (see autopsy-core.ts), from its machine-independent
 * form (pids P1…, pipes A…, paths relative). The recorded block keeps the autopsy as taken: a
 * frozen page draws the same pids and pipes as the transcript beside it printed.
 */
function comparedAutopsy(autopsy: RunResult['autopsy'], runnableRoot: string): unknown {
  if (!autopsy) return null;
  // Snippet paths become runnable/… wherever the tree lives (a test copies it to a temporary folder).
  return autopsyCore(normalizeAutopsy(moveRoot(autopsy, runnableRoot, 'runnable')));
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
  for (const c of r.transcript.chunks) if (c.stream !== 'engine') streams[c.stream] += c.text;
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
    autopsy: comparedAutopsy(r.autopsy, base),
    redact,
    stdout: out.lines,
    stderr: err.lines,
    shown: r.transcript.chunks.map((c) => ({ ...c })),
    recorded: {
      ...emptyRecorded(),
      schemaVersion: r.schemaVersion,
      command: r.command,
      // Paths in the repository as a reader of it writes them (no placeholder: this is shown).
      argv: r.argv.map((a) => a.split(`${repoRoot}/`).join('')),
      startedAt: r.startedAt,
      host: r.host,
      method: r.outcome.method,
      timing: r.timing,
      hang: r.hang,
      totalBytes: r.transcript.totalBytes,
      droppedBytes: r.transcript.droppedBytes,
      timeline: r.timeline.map((e) => ({ ...e, t: Math.round(e.t * 10) / 10 })),
      autopsy: r.autopsy,
      // Machine facts like the timeline's; paths in the repository as in argv.
      proof: r.proof && JSON.parse(JSON.stringify(r.proof).split(`${repoRoot}/`).join('')),
    },
  };
}
