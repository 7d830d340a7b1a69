// The frozen-result document: one Markdown file per run, next to its snippet.
//
//   <!-- header: what this is, what may be edited -->
//   ---                      compared front block (YAML): snippet, files, id, options,
//   …                        outcome, values, autopsy (normalized), redact (yours to edit)
//   ---
//   ## stdout  + fenced block   normalized lines; may hold `...` and `[..]` wildcards
//   ## stderr  + fenced block
//   ## recorded …  + yaml block context for frozen builds (host, date, timing, timeline):
//                               never compared
import type { Redaction } from './normalize/text.ts';
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

export interface FrozenValue {
  name: string;
  value: unknown;
  compare: 'exact' | 'range' | 'shape';
  min?: number;
  max?: number;
  unit?: string;
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
  command: string;
  argv: string[];
  startedAt: string;
  host: unknown;
  method: string;
  timing: { wallMs: number; cpuMs: number };
  hang: unknown;
  /** Output order: [stream, ms since start, lines] runs, to rebuild chunks in arrival order. */
  order: [string, number, number][];
  /** Streams whose text did not end with a newline. */
  noEol: string[];
  totalBytes: number;
  droppedBytes: number;
  timeline: unknown[];
  autopsy: unknown;
}

export interface FrozenDoc extends FrozenCompared {
  recorded: FrozenRecorded;
}

export class FrozenFormatError extends Error {}

/**
 * The document format, bumped when what a frozen result records changes. 1: the autopsy kept its
 * diagnosis sentence and a string per timeline syscall; 2: facts only (words are made when shown).
 */
export const FROZEN_FORMAT = 2;

export const HEADER = [
  '<!-- hangtime frozen result: written by `npx hangtime verify --update`, checked by `npx hangtime verify`.',
  '     Compared (after normalization): the front block and the stdout/stderr blocks.',
  '     Yours to edit: a line `...` matches any number of lines, `[..]` matches part of a line,',
  '     and `redact:` entries ({pattern: regex, label: text}) replace matches before comparing.',
  '     `--update` keeps a block whose old text still matches. The recorded block is never compared. -->',
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
  const recorded = section(
    'recorded on the machine that froze it (never compared)',
    'yaml',
    toYaml(doc.recorded).split('\n'),
  );
  return [...HEADER, renderCompared(doc), ...recorded].join('\n');
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
    i++;
  }
  for (const need of ['stdout', 'stderr']) if (!blocks.has(need)) fail(lines.length, `no "## ${need}" section`);
  const recordedText = blocks.get('recorded')?.join('\n');
  const recorded = (recordedText ? fromYaml(recordedText) : null) as FrozenRecorded | null;
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
    autopsy: legacyAutopsy(format, front.autopsy ?? null),
    redact: (front.redact ?? []) as Redaction[],
    stdout: blocks.get('stdout')!,
    stderr: blocks.get('stderr')!,
    recorded: recorded ?? emptyRecorded(),
  };
}

export function emptyRecorded(): FrozenRecorded {
  return {
    command: '',
    argv: [],
    startedAt: '',
    host: null,
    method: 'proc',
    timing: { wallMs: 0, cpuMs: 0 },
    hang: null,
    order: [],
    noEol: [],
    totalBytes: 0,
    droppedBytes: 0,
    timeline: [],
    autopsy: null,
  };
}

/** Format 1 compared the diagnosis sentence with the autopsy's facts: it is words now, made when shown. */
function legacyAutopsy(format: number, autopsy: unknown): unknown {
  if (format > 1 || !autopsy || typeof autopsy !== 'object') return autopsy;
  const { diagnosis: _words, ...facts } = autopsy as Record<string, unknown>;
  return facts;
}
