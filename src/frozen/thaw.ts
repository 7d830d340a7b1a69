// Thawing a FrozenDoc back into a RunResult that a frozen build can render: the one execution it
// records, as it was: the transcript as printed, the values as published, the recorded facts; with
// this job's options. Only the engine's shapes are loaded here (runner/schema.ts): a frozen build
// runs nothing and loads no engine. A stale record is refused (current.ts): never shown.
import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { RunOptions, RunResult, type RunOptionsInput } from '../runner/schema.ts';
import { repoRoot } from '../shared/paths.ts';
import { staleProblem } from './current.ts';
import type { FrozenDoc } from './document.ts';

export class StaleRecordError extends Error {}

/** A RunResult for a frozen build; `shownPath` names the frozen file in errors. */
export function thaw(
  doc: FrozenDoc,
  file: string,
  options: RunOptionsInput,
  where: { shownPath?: string; chapter?: string } = {},
): RunResult {
  const stale = staleProblem(doc, where.shownPath ?? `the frozen result of ${file}`, where.chapter);
  if (stale) throw new StaleRecordError(stale);
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
    schemaVersion: rec.schemaVersion,
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
    transcript: { chunks: doc.shown, totalBytes: rec.totalBytes, droppedBytes: rec.droppedBytes },
    timing: rec.timing,
    hang: rec.hang,
    proof: rec.proof,
    timeline: rec.timeline,
    autopsy: rec.autopsy,
    values: doc.values,
  });
}
