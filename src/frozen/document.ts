// The frozen-result document: one Markdown file per run, next to its snippet. It holds one
// execution, whole: what a page shows comes from that run alone; what verify compares is its
// normalized form, where a reviewer may widen the match by hand.
//
//   <!-- header: what this is, what may be edited -->
//   ---                      compared front block (YAML): snippet, files, id, options,
//   …                        outcome, values (as published), autopsy (normalized core), redact
//   ---
//   ## stdout  + fenced block   normalized lines, compared; may hold `...` and `[..]` wildcards
//   ## stderr  + fenced block
//   ## shown   + yaml block     the transcript as the run printed it: chunks, streams, times
//                               (transcript.ts); what a frozen page shows; never compared
//   ## recorded …  + yaml block the run's other facts (engine schema, host and its load, timing,
//                               timeline, the whole autopsy): drawn by frozen pages, never compared
import type { Redaction } from './normalize/text.ts';
import type { Chunk } from '../runner/schema.ts';
import { parseTranscript, renderTranscript } from './transcript.ts';
import { fromYaml, toYaml } from './yaml.ts';

export interface FrozenOutcome {
  kind: string;
  code: number | null;
  /** Only when the program died of a signal nobody in the engine sent. */
  signal: string | null;
  killedBy: string | null;
  leftBehind: number;
  limits: string[];
}

/** A published value as the run published it: shown as is, compared as `compare` says. */
export interface FrozenValue {
  name: string;
  value: unknown;
  compare: 'exact' | 'range' | 'shape' | 'order';
  min?: number;
  max?: number;
  unit?: string;
  /** Meaningful only on a quiet machine (see src/verify/README.md). */
  quiet?: boolean;
}

/** The compared part of a frozen result. */
export interface FrozenCompared {
  /** The document format it was written in (FROZEN_FORMAT when current). */
  format: number;
  snippet: string;
  /** sha256 of the snippet and of every repository file it imports. */
  files: Record<string, string>;
  id?: string;
  options: Record<string, unknown>;
  outcome: FrozenOutcome;
  values: FrozenValue[];
  autopsy: unknown;
  redact: Redaction[];
  stdout: string[];
  stderr: string[];
}

/** What a frozen build needs to draw the page as it was; never compared. */
export interface FrozenRecorded {
  /** The engine's SCHEMA_VERSION when the run was made (absent before format 3: 0). */
  schemaVersion: number;
  command: string;
  argv: string[];
  startedAt: string;
  host: unknown;
  method: string;
  timing: { wallMs: number; cpuMs: number };
  hang: unknown;
  totalBytes: number;
  droppedBytes: number;
  timeline: unknown[];
  autopsy: unknown;
}

export interface FrozenDoc extends FrozenCompared {
  /** The transcript as the run printed it (every stream, the engine's notes too). */
  shown: Chunk[];
  recorded: FrozenRecorded;
}

export class FrozenFormatError extends Error {}

/**
 * The document format, bumped when what a frozen result records changes. 1: the autopsy kept its
 * diagnosis sentence and a string per timeline syscall; 2: facts only (words are made when shown),
 * the transcript stored normalized only (pages showed placeholders); 3: one execution whole: the
 * transcript as printed (`## shown`) beside its normalized, compared form, values as published, the
 * engine's schema version and the host's load average recorded.
 */
export const FROZEN_FORMAT = 3;

export const HEADER = [
  '<!-- hangtime frozen result: written by `npx hangtime verify --update`, checked by `npx hangtime verify`.',
  '     One execution, whole. Compared (after normalization): the front block and the stdout/stderr blocks.',
  '     Yours to edit: a line `...` matches any number of lines, `[..]` matches part of a line,',
  '     and `redact:` entries ({pattern: regex, label: text}) replace matches before comparing.',
  '     `--update` keeps a block whose old text still matches. Shown, never compared: the values,',
  '     the `shown` block (the transcript as printed) and the `recorded` block. -->',
];

function fence(lines: string[]): string {
  let longest = 2;
  for (const l of lines) {
    const m = /^`+/.exec(l);
    if (m) longest = Math.max(longest, m[0].length);
  }
  return '`'.repeat(longest + 1);
}

function section(title: string, lang: string, lines: string[]): string[] {
  const f = fence(lines);
  return [`## ${title}`, '', `${f}${lang}`, ...lines, f, ''];
}

/** The compared text of a document: what verify diffs (front block + streams). */
export function renderCompared(doc: FrozenCompared): string {
  const front: Record<string, unknown> = {
    format: doc.format,
    snippet: doc.snippet,
    files: doc.files,
    id: doc.id,
    options: doc.options,
    outcome: doc.outcome,
    values: doc.values,
    autopsy: doc.autopsy,
    redact: doc.redact,
  };
  return [
    '---',
    toYaml(front),
    '---',
    '',
    ...section('stdout', 'text', doc.stdout),
    ...section('stderr', 'text', doc.stderr),
  ].join('\n');
}

export function renderFrozen(doc: FrozenDoc): string {
  const shown = section('shown as the run printed it (never compared)', 'yaml', renderTranscript(doc.shown));
  const recorded = section(
    'recorded on the machine that froze it (never compared)',
    'yaml',
    toYaml(doc.recorded).split('\n'),
  );
  return [...HEADER, renderCompared(doc), ...shown, ...recorded].join('\n');
}

/** Parses a frozen document; errors name the file and line and say what to fix. */
export function parseFrozen(text: string, file: string): FrozenDoc {
  const lines = text.split('\n');
  let i = 0;
  const fail = (line: number, what: string): never => {
    throw new FrozenFormatError(
      `${file}:${line}: ${what}. Fix it by hand, or delete the file and run \`npx hangtime verify --update\`.`,
    );
  };
  if (lines[0]?.startsWith('<!--')) {
    while (i < lines.length && !lines[i]!.includes('-->')) i++;
    i++;
  }
  if (lines[i] !== '---') fail(i + 1, 'expected the front block to start with a line "---"');
  const start = ++i;
  while (i < lines.length && lines[i] !== '---') i++;
  if (i >= lines.length) fail(start, 'the front block is not closed by a line "---"');
  let front: Record<string, unknown>;
  try {
    front = fromYaml(lines.slice(start, i).join('\n')) as Record<string, unknown>;
  } catch (e) {
    const mark = (e as { mark?: { line: number } }).mark;
    return fail(
      start + 1 + (mark?.line ?? 0),
      `the front block is not valid YAML (${(e as Error).message.split('\n')[0]})`,
    );
  }
  if (!front || typeof front !== 'object') fail(start, 'the front block is empty');
  i++;
  const blocks = new Map<string, string[]>();
  const headings = new Map<string, number>();
  while (i < lines.length) {
    const heading = /^## (\S+)/.exec(lines[i]!);
    if (!heading) {
      i++;
      continue;
    }
    const name = heading[1]!;
    const headingLine = i + 1;
    i++;
    while (i < lines.length && lines[i] === '') i++;
    const open = /^(`{3,})\w*$/.exec(lines[i] ?? '');
    if (!open) fail(i + 1, `expected a fenced block (\`\`\`) after "## ${name}"`);
    const body: string[] = [];
    i++;
    while (i < lines.length && lines[i] !== open![1]) body.push(lines[i++]!);
    if (i >= lines.length) fail(headingLine, `the block of "## ${name}" is not closed by ${open![1]}`);
    blocks.set(name, body);
    headings.set(name, headingLine);
    i++;
  }
  for (const need of ['stdout', 'stderr']) if (!blocks.has(need)) fail(lines.length, `no "## ${need}" section`);
  const recordedText = blocks.get('recorded')?.join('\n');
  const recorded = (recordedText ? fromYaml(recordedText) : null) as Partial<FrozenRecorded> | null;
  const shownText = blocks.get('shown');
  const shown = shownText ? parseTranscript(shownText.join('\n'), (what) => fail(headings.get('shown')!, what)) : [];
  for (const need of ['snippet', 'outcome']) if (!(need in front)) fail(start, `the front block has no "${need}:"`);
  const format = front.format === undefined ? 1 : Number(front.format);
  return {
    format,
    snippet: String(front.snippet),
    files: (front.files ?? {}) as Record<string, string>,
    id: front.id === undefined || front.id === null ? undefined : String(front.id),
    options: (front.options ?? {}) as Record<string, unknown>,
    outcome: front.outcome as FrozenOutcome,
    // An absent bound or unit may read back as null (files written before a fix): drop it.
    values: ((front.values ?? []) as FrozenValue[]).map(
      (v) =>
        Object.fromEntries(
          Object.entries(v).filter(([k, x]) => x !== null || !['min', 'max', 'unit'].includes(k)),
        ) as unknown as FrozenValue,
    ),
    // An older format is read as it is, to be reported stale and rewritten whole (current.ts).
    autopsy: front.autopsy ?? null,
    redact: (front.redact ?? []) as Redaction[],
    stdout: blocks.get('stdout')!,
    stderr: blocks.get('stderr')!,
    shown,
    recorded: { ...emptyRecorded(), ...recorded },
  };
}

export function emptyRecorded(): FrozenRecorded {
  return {
    schemaVersion: 0,
    command: '',
    argv: [],
    startedAt: '',
    host: null,
    method: 'proc',
    timing: { wallMs: 0, cpuMs: 0 },
    hang: null,
    totalBytes: 0,
    droppedBytes: 0,
    timeline: [],
    autopsy: null,
  };
}
