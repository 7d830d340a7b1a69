// One run, one set of numbers: what a chapter shows about a value must come from one recorded
// execution and agree with the transcript printed beside it. Checked wherever a chapter's results
// are gathered: the build (every mode, src/integration/execute.ts) and `hangtime lint` over the
// frozen records (src/lint/records.ts), without running anything.
//
// (a) A name the chapter shows is published by one run, or every publisher agrees: never "the last
//     one wins".
// (b) A measurement shown in prose (a <Value> that is not `exact`, so it moves from run to run) is
//     printed by its run, as the page formats it or plainly (177,152 or 177152): a reader finds the
//     number in the transcript beside it, and a number from another run cannot hide there.
// (c) A <Table> row whose label begins a line of its run's transcript agrees with that line (and
//     the lines after it, up to the next row's): each number of the row is printed there.
import { canonicalJson } from '../frozen/identity.ts';
import type { CollectedChapter, CollectedRun, ValueRef } from '../collect/index.ts';
import { formatCell, formatValue } from '../components/format.ts';
import type { PublishedValue, RunResult } from '../runner/schema.ts';

export interface ChapterRun {
  run: Pick<CollectedRun, 'src' | 'id' | 'line'>;
  /** runIdentity of the run: how a page finds it. */
  key: string;
  result: Pick<RunResult, 'values' | 'transcript' | 'host'>;
}

/** A chapter's value by name, as the store keeps it: its one publisher, or the disagreement. */
export type StoredValue = PublishedValue & {
  src: string;
  /** The key of the run that published it. */
  run: string;
  /** Set when two publishers disagree: a page that shows this name fails, naming them. */
  conflict?: string;
};

const runName = (r: ChapterRun) => `${r.run.src}${r.run.id ? ` (id ${r.run.id})` : ''}`;

/** Every publication of every name, in page order of the runs. */
function publishers(runs: ChapterRun[]): Map<string, { run: ChapterRun; value: PublishedValue }[]> {
  const out = new Map<string, { run: ChapterRun; value: PublishedValue }[]>();
  for (const run of runs)
    for (const value of run.result.values) out.set(value.name, [...(out.get(value.name) ?? []), { run, value }]);
  return out;
}

/** The chapter's values by name: one publisher (or agreeing ones), or a conflict in words. */
export function chapterValues(runs: ChapterRun[]): Record<string, StoredValue> {
  const out: Record<string, StoredValue> = {};
  for (const [name, list] of publishers(runs)) {
    const first = list[0]!;
    const distinct = new Set(list.map((p) => canonicalJson(p.value.value)));
    const stored: StoredValue = { ...first.value, src: first.run.run.src, run: first.run.key };
    if (distinct.size > 1)
      stored.conflict = `published ${list.length} times with different values: ${list
        .map((p) => `${runName(p.run)} line ${p.run.run.line} → ${short(p.value.value)}`)
        .join('; ')}`;
    out[name] = stored;
  }
  return out;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The text a reader sees in a run's terminal: stdout and stderr, escapes removed, `\r` redraws kept final. */
export function printedText(result: Pick<RunResult, 'transcript'>): string {
  const raw = result.transcript.chunks
    .filter((c) => c.stream !== 'engine')
    .map((c) => c.text)
    .join('');
  return raw
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n');
}

/** The ways a program may print a number a page shows as `shown`: 177,152 · 177152 · 0.5 · 0.50. */
function printedForms(value: number, shown: string): string[] {
  const forms = new Set([shown.replace(/[^\d.,-]+$/g, '').replace(/^[^\d-]+/, ''), String(value)]);
  if (!Number.isInteger(value)) for (const d of [1, 2, 3]) forms.add(value.toFixed(d));
  else forms.add(new Intl.NumberFormat('en-US').format(value));
  return [...forms].filter(Boolean);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does `text` print `value` (in any of its forms), as a whole number, not part of a longer one? */
export function prints(text: string, value: number, shown: string): boolean {
  return printedForms(value, shown).some((f) => new RegExp(`(?<![\\d.,])${escape(f)}(?![\\d]|[.,]\\d)`).test(text));
}

function measurementProblem(ref: ValueRef, run: ChapterRun, value: PublishedValue): string | null {
  if (typeof value.value !== 'number' || value.compare === 'exact') return null;
  const shown = formatValue(value.value, ref.format);
  if (prints(printedText(run.result), value.value, shown)) return null;
  return (
    `${ref.chapterFile}:${ref.line}: <Value name="${ref.name}"> shows ${shown}, ` +
    `a measurement (compare "${value.compare}") that its run ${runName(run)} never prints: ` +
    'the reader cannot find it in the transcript beside it, and a number of another run could hide there. ' +
    'Print it in the snippet as the page shows it, or publish it compare "exact" if it never moves.'
  );
}

function tableProblems(ref: ValueRef, run: ChapterRun, value: PublishedValue): string[] {
  const table = value.value as { columns?: unknown; rows?: unknown };
  if (!Array.isArray(table?.rows)) return [];
  const rows = (table.rows as unknown[]).filter((r): r is unknown[] => Array.isArray(r) && typeof r[0] === 'string');
  const labels = [...new Set(rows.map((r) => (r[0] as string).trim()))].filter(Boolean);
  const lines = printedText(run.result).split('\n');
  // "1 thread" begins "1 thread   0.60 …", not "1 threads …".
  const starts = (line: string, label: string) => {
    const t = line.trim();
    return t.startsWith(label) && !(/\w$/.test(label) && /^\w/.test(t.slice(label.length)));
  };
  const blockAt = (at: number) => {
    let end = at + 1;
    while (end < lines.length && !labels.some((l) => starts(lines[end]!, l))) end++;
    return lines.slice(at, end).join('\n').trimEnd();
  };
  const problems: string[] = [];
  for (const row of rows) {
    const label = (row[0] as string).trim();
    const cells = row.slice(1).filter((c): c is number => typeof c === 'number');
    const blocks = lines.flatMap((l, i) => (starts(l, label) ? [blockAt(i)] : []));
    if (blocks.length === 0 || cells.length === 0) continue;
    // The row agrees when one of the places that print its label prints all its numbers.
    const missing = blocks.map((b) => cells.filter((c) => !prints(b, c, formatCell(c).text)));
    if (missing.some((m) => m.length === 0)) continue;
    const best = missing.reduce((a, m, i) => (m.length < missing[a]!.length ? i : a), 0);
    const block = blocks[best]!;
    const shownCells = missing[best]!.map((c) => formatCell(c).text).join(', ');
    const printed = block.length > 200 ? `${block.slice(0, 197)}…` : block;
    problems.push(
      `${ref.chapterFile}:${ref.line}: <Table name="${ref.name}"> row "${label}" shows ${shownCells}, ` +
        `but its run ${runName(run)} printed that row as: ${JSON.stringify(printed)}`,
    );
  }
  return problems;
}

/** Everything (a)–(c) finds in one chapter, each naming the chapter's file:line and what to do. */
export function agreementProblems(chapter: Pick<CollectedChapter, 'values'>, runs: ChapterRun[]): string[] {
  const problems: string[] = [];
  const all = publishers(runs);
  for (const ref of chapter.values) {
    const list = all.get(ref.name) ?? [];
    if (new Set(list.map((p) => canonicalJson(p.value.value))).size > 1) {
      problems.push(
        `${ref.chapterFile}:${ref.line}: <${ref.component} name="${ref.name}">: ` +
          `${chapterValues(runs)[ref.name]!.conflict}. ` +
          "A page shows one run's numbers: publish each under its own name, or drop one.",
      );
      continue;
    }
    for (const { run, value } of list) {
      if (ref.component === 'Value') {
        const p = measurementProblem(ref, run, value);
        if (p) problems.push(p);
      } else if (ref.component === 'Table') problems.push(...tableProblems(ref, run, value));
    }
  }
  return [...new Set(problems)];
}
