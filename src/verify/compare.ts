// Comparing a fresh run (frozen into a document) with its committed frozen result.
// Both are rendered to the same text; where the fresh side matches the frozen one under the rules
// (wildcards, ranges, shapes, orders) it is rewritten to the frozen text first, so the run passes
// exactly when the two texts are equal and the diff shows only real changes.
//
// What --update writes is another document: the fresh run whole (values as published, the
// transcript as printed, the recorded facts), with only the hand-editable comparison carried over
// (wildcards that still match, redactions, autopsy measurements this run could not take). A record
// never holds numbers of one run beside a transcript of another.
import { createTwoFilesPatch } from 'diff';
import { conditionsOf } from '../explain/conditions.ts';
import { HEADER, renderCompared, type FrozenDoc } from '../frozen/document.ts';
import { fillUnmeasured } from '../frozen/autopsy-core.ts';
import { staleness } from '../frozen/current.ts';
import { linesMatch, patchActual } from './match.ts';
import { compareValues } from './values.ts';

export interface Comparison {
  pass: boolean;
  /** What --update writes: the fresh run whole, with the frozen file's wildcards and redactions. */
  rewrite: FrozenDoc;
  /** One line per difference, in words. */
  problems: string[];
  /** Remarks that do not fail the run (quiet values not compared on a busy machine). */
  notes: string[];
  /** Unified diff, frozen → fresh ('' when passing). */
  diff: string;
  /** Autopsy measurements missing this time (taken from the frozen result, not a failure). */
  unmeasured: number;
  /** Autopsy measurements taken now that the frozen result lacks: --update records them. */
  gained: number;
}

function quietness(frozen: FrozenDoc, fresh: FrozenDoc) {
  const [was, now] = [conditionsOf(frozen.recorded.host), conditionsOf(fresh.recorded.host)];
  const words = [
    was.quiet !== true ? `frozen at ${was.words}` : '',
    now.quiet !== true ? `run now at ${now.words}` : '',
  ].filter(Boolean);
  return { frozen: was.quiet, fresh: now.quiet, words: `${words.join(', ')} (too busy to compare)` };
}

/**
 * The command a record shows, with the snippet's path as the snippet (its id under runnable/): the
 * same record checked from another tree (a copy, a fixture) shows the same command.
 */
function readerCommand(doc: FrozenDoc): string {
  return doc.recorded.command
    .split(' ')
    .map((word) => (word.replace(/^'|'$/g, '').endsWith(`/${doc.snippet}`) ? doc.snippet : word))
    .join(' ');
}

/** Compares; `frozenName` labels the diff (the frozen file's path). */
export function compareRun(frozen: FrozenDoc, fresh: FrozenDoc, frozenName: string): Comparison {
  const problems: string[] = [];
  const streams = {} as Record<'stdout' | 'stderr', string[]>;
  for (const s of ['stdout', 'stderr'] as const) {
    streams[s] = patchActual(frozen[s], fresh[s]);
    if (!linesMatch(frozen[s], fresh[s])) problems.push(`${s} differs`);
  }
  const values = compareValues(frozen.values, fresh.values, quietness(frozen, fresh));
  problems.push(...values.problems);
  const autopsy = fillUnmeasured(frozen.autopsy, fresh.autopsy);
  // For the diff alone: the fresh run seen through the frozen file's rules.
  const seen: FrozenDoc = {
    ...fresh,
    ...streams,
    values: values.patched,
    redact: frozen.redact,
    autopsy: autopsy.compared,
  };
  const before = [...HEADER, renderCompared(frozen)].join('\n');
  const after = [...HEADER, renderCompared(seen)].join('\n');
  for (const key of ['snippet', 'id', 'files', 'options', 'outcome', 'autopsy'] as const) {
    if (JSON.stringify(frozen[key] ?? null) !== JSON.stringify(seen[key] ?? null))
      problems.push(describe(key, frozen, seen));
  }
  const stale = staleness(frozen);
  if (stale) problems.push(`${stale}: \`npx hangtime verify --update\` rewrites it`);
  // Shown above the output on the page, so it must be what runs now (it follows the run's options).
  const command = readerCommand(frozen) === readerCommand(fresh);
  if (!command)
    problems.push(`the command shown changed: \`${frozen.recorded.command}\` → \`${fresh.recorded.command}\``);
  const pass = before === after && !stale && command;
  if (!pass && problems.length === 0)
    problems.push('the frozen file differs in form (re-run with --update to rewrite it)');
  const diff =
    before === after
      ? ''
      : createTwoFilesPatch(`${frozenName} (frozen)`, `${frozenName} (fresh run)`, before, after, '', '', {
          context: 3,
        });
  const rewrite: FrozenDoc = { ...fresh, ...streams, redact: frozen.redact, autopsy: autopsy.merged };
  return {
    pass,
    rewrite,
    problems,
    notes: values.notes,
    diff,
    unmeasured: autopsy.unmeasured,
    gained: autopsy.gained,
  };
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
