// Comparing a fresh run (frozen into a document) with its committed frozen result.
// Both are rendered to the same text; where the fresh side matches the frozen one under
// the rules (wildcards, ranges, shapes) it is rewritten to the frozen text first, so the
// run passes exactly when the two texts are equal and the diff shows only real changes.
import { createTwoFilesPatch } from 'diff';
import { HEADER, renderCompared, type FrozenDoc } from '../frozen/document.ts';
import { fillUnmeasured } from '../frozen/autopsy-core.ts';
import { linesMatch, patchActual } from './match.ts';
import { compareValues } from './values.ts';

export interface Comparison {
  pass: boolean;
  /** The fresh document with matching parts taken from the frozen one: what --update writes. */
  patched: FrozenDoc;
  /** One line per difference, in words. */
  problems: string[];
  /** Unified diff, frozen → fresh ('' when passing). */
  diff: string;
  /** Autopsy measurements missing this time (taken from the frozen result, not a failure). */
  unmeasured: number;
  /** Autopsy measurements taken now that the frozen result lacks: --update records them. */
  gained: number;
}

/** Compares; `frozenName` labels the diff (the frozen file's path). */
export function compareRun(frozen: FrozenDoc, fresh: FrozenDoc, frozenName: string): Comparison {
  const problems: string[] = [];
  const streams = {} as Record<'stdout' | 'stderr', string[]>;
  for (const s of ['stdout', 'stderr'] as const) {
    streams[s] = patchActual(frozen[s], fresh[s]);
    if (!linesMatch(frozen[s], fresh[s])) problems.push(`${s} differs`);
  }
  const values = compareValues(frozen.values, fresh.values);
  problems.push(...values.problems);
  const autopsy = fillUnmeasured(frozen.autopsy, fresh.autopsy);
  const patched: FrozenDoc = {
    ...fresh,
    ...streams,
    values: values.patched,
    redact: frozen.redact,
    autopsy: autopsy.compared,
  };
  const before = [...HEADER, renderCompared(frozen)].join('\n');
  const after = [...HEADER, renderCompared(patched)].join('\n');
  for (const key of ['snippet', 'id', 'files', 'options', 'outcome', 'autopsy'] as const) {
    if (JSON.stringify(frozen[key] ?? null) !== JSON.stringify(patched[key] ?? null))
      problems.push(describe(key, frozen, patched));
  }
  const pass = before === after;
  if (frozen.format !== fresh.format)
    problems.push(
      `recorded in format ${frozen.format}, not the current ${fresh.format}: ` +
        '`npx hangtime verify --update` rewrites it',
    );
  if (!pass && problems.length === 0)
    problems.push('the frozen file differs in form (re-run with --update to rewrite it)');
  const diff = pass
    ? ''
    : createTwoFilesPatch(`${frozenName} (frozen)`, `${frozenName} (fresh run)`, before, after, '', '', { context: 3 });
  if (!pass) patched.autopsy = autopsy.merged;
  return { pass, patched, problems, diff, unmeasured: autopsy.unmeasured, gained: autopsy.gained };
}

function describe(key: string, a: FrozenDoc, b: FrozenDoc): string {
  if (key === 'files') {
    const changed = [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])].filter(
      (f) => a.files[f] !== b.files[f],
    );
    return `snippet changed since it was frozen: ${changed.join(', ')}`;
  }
  const outcome = (o: FrozenDoc['outcome']) => o.kind + (o.code !== null ? ` ${o.code}` : '');
  if (key === 'outcome') return `outcome changed: was ${outcome(a.outcome)}, now ${outcome(b.outcome)}`;
  return `${key} changed`;
}
