// Whether a frozen record is current: written in this FROZEN_FORMAT by an engine of this
// SCHEMA_VERSION. An older record is not shown (its transcript may be normalized text, its facts
// an older shape) and fails `hangtime lint` and `hangtime verify` with the command that rewrites it.
import { SCHEMA_VERSION } from '../runner/schema.ts';
import { FROZEN_FORMAT, type FrozenDoc } from './document.ts';

/** Why the record is stale, in words, or null when it is current. */
export function staleness(doc: Pick<FrozenDoc, 'format' | 'recorded'>): string | null {
  if (doc.format !== FROZEN_FORMAT)
    return (
      `recorded in format ${doc.format}, not the current ${FROZEN_FORMAT}` +
      (doc.format < 3 ? ' (its transcript is stored normalized only)' : '')
    );
  if (doc.recorded.schemaVersion !== SCHEMA_VERSION)
    return `recorded by engine schema ${doc.recorded.schemaVersion || 'unknown'}, not the current ${SCHEMA_VERSION}`;
  return null;
}

/** The command that rewrites the records of one chapter ("04" for 04-its-the-pipe.mdx), or all. */
export function refreezeCommand(chapter?: string): string {
  const n = chapter ? /^(\d+)-/.exec(chapter.replace(/^.*\//, ''))?.[1] : undefined;
  return `npx hangtime verify --update${n ? ` ${n}` : ''}`;
}

/** A stale record as one problem line naming the file and the command, or null. */
export function staleProblem(
  doc: Pick<FrozenDoc, 'format' | 'recorded'>,
  file: string,
  chapter?: string,
): string | null {
  const why = staleness(doc);
  return why
    ? `${file}: ${why}: rewrite it with \`${refreezeCommand(chapter)}\` (on a quiet machine) and commit it`
    : null;
}
