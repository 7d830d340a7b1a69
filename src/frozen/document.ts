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
import type { z } from 'zod';
import type { Chunk } from '../runner/schema.ts';
import { describeIssue, FrozenFront, FrozenRecorded } from './schema.ts';
import { parseTranscript, renderTranscript } from './transcript.ts';
import { fromYaml, toYaml } from './yaml.ts';

export type { FrozenOutcome, FrozenValue, FrozenRecorded } from './schema.ts';

/** The compared part of a frozen result: the front block and the normalized streams. */
export type FrozenCompared = FrozenFront & {
  stdout: string[];
  stderr: string[];
};

export type FrozenDoc = FrozenCompared & {
  /** The transcript as the run printed it (every stream, the engine's notes too). */
  shown: Chunk[];
  recorded: FrozenRecorded;
};

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
  const end = i;
  let front: unknown;
  try {
    front = fromYaml(lines.slice(start, end).join('\n'));
  } catch (e) {
    const mark = (e as { mark?: { line: number } }).mark;
    return fail(
      start + 1 + (mark?.line ?? 0),
      `the front block is not valid YAML (${(e as Error).message.split('\n')[0]})`,
    );
  }
  if (!front || typeof front !== 'object') fail(start, 'the front block is empty');
  i++;
  const blocks = new Map<string, { body: string[]; start: number }>();
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
    const bodyStart = ++i;
    while (i < lines.length && lines[i] !== open![1]) body.push(lines[i++]!);
    if (i >= lines.length) fail(headingLine, `the block of "## ${name}" is not closed by ${open![1]}`);
    blocks.set(name, { body, start: bodyStart });
    i++;
  }
  for (const need of ['stdout', 'stderr']) if (!blocks.has(need)) fail(lines.length, `no "## ${need}" section`);
  /** A block checked with its schema; a problem names the line of the key it is about. */
  const check = <S extends z.ZodType>(schema: S, data: unknown, block: string, from: number, to: number) => {
    const parsed = schema.safeParse(data, { reportInput: true });
    if (parsed.success) return parsed.data as z.output<S>;
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    return fail(keyLine(lines, from, to, path), describeIssue(issue, block));
  };
  const compared = check(FrozenFront, front, 'the front block', start, end);
  const recordedBlock = blocks.get('recorded');
  let recorded = emptyRecorded();
  if (recordedBlock?.body.length) {
    const { body, start: from } = recordedBlock;
    let data: unknown;
    try {
      data = fromYaml(body.join('\n'));
    } catch (e) {
      const mark = (e as { mark?: { line: number } }).mark;
      return fail(from + 1 + (mark?.line ?? 0), `the recorded block is not valid YAML (${(e as Error).message})`);
    }
    recorded = check(FrozenRecorded, data, 'the recorded block', from, from + body.length);
  }
  const shownBlock = blocks.get('shown');
  const shown = shownBlock
    ? parseTranscript(shownBlock.body.join('\n'), (what) => fail(shownBlock.start - 1, what))
    : [];
  // An older format is read as it is, to be reported stale and rewritten whole (current.ts).
  return {
    ...compared,
    stdout: blocks.get('stdout')!.body,
    stderr: blocks.get('stderr')!.body,
    shown,
    recorded,
  };
}

/** The 1-based line of a key path in a YAML block (lines[from, to)), as near as a text search finds it. */
function keyLine(lines: string[], from: number, to: number, path: readonly PropertyKey[]): number {
  let at = from;
  let nested = false;
  for (const key of path) {
    if (typeof key !== 'string') continue;
    const name = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A top-level key starts its line; a nested one follows an indent, "- ", "{" or ", ".
    const pattern = new RegExp(`${nested ? '(?:^|[\\s{,-])' : '^'}"?${name}"?:(?: |$)`);
    const found = lines.slice(at, to).findIndex((line) => pattern.test(line));
    if (found < 0) break;
    at += found;
    nested = true;
  }
  return at + 1;
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
    proof: null,
  };
}
