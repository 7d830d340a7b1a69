// Thawing a FrozenDoc back into a RunResult that a frozen build can render: the recorded facts,
// the normalized transcript, this job's options. Only the engine's shapes are loaded here
// (runner/schema.ts): a frozen build runs nothing and loads no engine.
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { RunOptions, RunResult, SCHEMA_VERSION, type Chunk, type RunOptionsInput } from '../runner/schema.ts';
import { repoRoot } from '../shared/paths.ts';
import type { FrozenDoc } from './document.ts';

/** Rebuilds output chunks in arrival order from the normalized streams and the recorded order. */
function thawChunks(doc: FrozenDoc): Chunk[] {
  const cursor = { stdout: 0, stderr: 0 };
  const chunks: Chunk[] = [];
  const take = (stream: 'stdout' | 'stderr', n: number, t: number) => {
    const all = doc[stream];
    const lines = all.slice(cursor[stream], cursor[stream] + n);
    cursor[stream] += lines.length;
    if (lines.length === 0) return;
    const last = cursor[stream] >= all.length && doc.recorded.noEol.includes(stream);
    chunks.push({ stream, t, text: lines.join('\n') + (last ? '' : '\n') });
  };
  for (const [stream, t, n] of doc.recorded.order) if (stream === 'stdout' || stream === 'stderr') take(stream, n, t);
  const end = doc.recorded.timing.wallMs;
  take('stdout', Infinity, end);
  take('stderr', Infinity, end);
  return chunks;
}

/** A RunResult for a frozen build: recorded facts, normalized transcript, this job's options. */
export function thaw(doc: FrozenDoc, file: string, options: RunOptionsInput): RunResult {
  const rec = doc.recorded;
  const snippetSha = doc.files[doc.snippet] ?? '';
  const shown = relative(repoRoot, resolve(file));
  const outcome = {
    kind: doc.outcome.kind,
    code: doc.outcome.code,
    signal: doc.outcome.signal,
    killedBy: doc.outcome.killedBy,
    leftBehind: doc.outcome.leftBehind,
    limits: doc.outcome.limits.map((kind) => ({ kind, detail: 'recorded' })),
    method: rec.method,
    // How the tree was held is not part of a frozen result: unknown here, and shown as nothing.
    containment: null,
  };
  return RunResult.parse({
    schemaVersion: SCHEMA_VERSION,
    runId: `frozen-${createHash('sha256').update(file).digest('hex').slice(0, 12)}`,
    snippet: {
      path: shown.startsWith('..') ? resolve(file) : shown,
      language: file.endsWith('.py') ? 'py' : 'ts',
      sha256: snippetSha,
    },
    argv: rec.argv,
    command: rec.command,
    options: RunOptions.parse(options),
    startedAt: rec.startedAt,
    host: rec.host,
    outcome,
    transcript: { chunks: thawChunks(doc), totalBytes: rec.totalBytes, droppedBytes: rec.droppedBytes },
    timing: rec.timing,
    hang: rec.hang,
    timeline: rec.timeline,
    autopsy: rec.autopsy,
    values: doc.values,
  });
}
