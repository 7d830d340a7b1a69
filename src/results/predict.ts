// A <Predict>'s right choice, checked against the run it reveals: each fact the chapter gives
// (src/collect/facts.ts) is judged on that run's result — its outcome, its output, its published
// values, its autopsy — and says in words what the run showed. Checked wherever a chapter's results
// are gathered (the build in every mode, `hangtime lint` over the frozen records, `hangtime verify`
// over fresh runs); the page says the same words (src/components/Predict.astro). A fact the run
// does not show stops the build, naming the chapter's file:line and what to fix — except for a
// `quiet` prediction (its facts are timings) run on a busy machine: that run decides nothing, and
// the page says so rather than marking a choice.
import type { CollectedChapter, CollectedPredict, Fact } from '../collect/index.ts';
import { formatValue, quoted } from '../components/format.ts';
import { conditionsOf, QUIET_LOAD_PER_CORE, type Conditions } from '../explain/conditions.ts';
import { describeOutcome } from '../explain/status.ts';
import { canonicalJson } from '../frozen/identity.ts';
import type { PublishedValue, RunResult } from '../runner/schema.ts';
import { chapterValues, printedText, type ChapterRun, type StoredValue } from './agree.ts';

/** What of a run a fact reads. */
export type FactResult = Pick<RunResult, 'outcome' | 'options' | 'transcript' | 'autopsy' | 'values' | 'host'>;

/** Words with names of published values and calls set apart (the page shows them as code). */
export type Words = (string | { code: string })[];

export interface Verdict {
  fact: Fact;
  holds: boolean;
  /** What the run showed, in words: "it printed “worker ended”", "it exited 0". */
  words: Words;
}

/** A chapter's value by name (any of its runs), for the right side of a comparison. */
export type ChapterValue = (
  name: string,
) => (Pick<StoredValue, 'value' | 'unit' | 'conflict'> & { src?: string }) | undefined;

export const plainWords = (words: Words): string => words.map((w) => (typeof w === 'string' ? w : w.code)).join('');

const OP_WORDS = { '=': 'equal to', '!=': 'not', '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least' };

function shown(value: PublishedValue | Pick<StoredValue, 'value' | 'unit'>): string {
  return formatValue(value.value, value.unit === 'bytes' && typeof value.value === 'number' ? 'bytes' : 'int');
}

function printedLine(result: FactResult, text: string): string | undefined {
  return printedText(result)
    .split('\n')
    .find((line) => line.includes(text));
}

function valueVerdict(fact: Extract<Fact, { kind: 'value' }>, result: FactResult, chapter: ChapterValue): Verdict {
  const fail = (...words: Words): Verdict => ({ fact, holds: false, words });
  const own = result.values.find((v) => v.name === fact.name);
  if (!own) {
    const elsewhere = chapter(fact.name) !== undefined;
    return fail(
      'its run publishes no ',
      { code: fact.name },
      elsewhere ? ' (another run of this chapter does: a prediction is decided by the run it reveals)' : '',
    );
  }
  let right: unknown;
  let rightWords: Words;
  if ('name' in fact.than) {
    const name = fact.than.name;
    const mine = result.values.find((v) => v.name === name);
    const other = mine ?? chapter(name);
    if (!other) return fail('no run of this chapter publishes ', { code: name });
    if ('conflict' in other && other.conflict) return fail({ code: name }, ` is ${other.conflict}`);
    right = other.value;
    // A value of another run says which: the run below did not measure it.
    const from = !mine && 'src' in other && other.src ? `, from ${other.src.split('/').at(-1)}` : '';
    rightWords = [{ code: name }, ` (${shown(other)}${from})`];
  } else {
    right = 'number' in fact.than ? fact.than.number : fact.than.bool;
    // A threshold as the chapter wrote it (1.1, never "1.10"); a count with its separators.
    rightWords = [typeof right === 'number' && !Number.isInteger(right) ? String(right) : formatValue(right)];
  }
  const left = own.value;
  const order = typeof left === 'number' && typeof right === 'number' ? Math.sign(left - right) : null;
  if (order === null && !['=', '!='].includes(fact.op))
    return fail(
      { code: fact.name },
      ` is ${canonicalJson(left)}, compared with `,
      ...rightWords,
      `: "${fact.op}" compares numbers`,
    );
  const same = order === null ? canonicalJson(left) === canonicalJson(right) : order === 0;
  const holds = {
    '=': same,
    '!=': !same,
    '<': order! < 0,
    '<=': order! <= 0,
    '>': order! > 0,
    '>=': order! >= 0,
  }[fact.op];
  const literalEquals = fact.op === '=' && !('name' in fact.than);
  // Held: "is 80, at least 80"; not held: "is 80, not 81", "is 3, equal to 3" (for !=), "is 2, not above 2".
  const missed = fact.op === '=' ? 'not ' : fact.op === '!=' ? 'equal to ' : `not ${OP_WORDS[fact.op]} `;
  const relation: Words = holds
    ? literalEquals
      ? []
      : [', ', OP_WORDS[fact.op], ' ', ...rightWords]
    : [', ', missed, ...rightWords];
  return { fact, holds, words: [{ code: fact.name }, ` is ${shown(own)}`, ...relation] };
}

function waitsVerdict(fact: Extract<Fact, { kind: 'waits' }>, result: FactResult): Verdict {
  const who = fact.who === 'parent' ? 'the parent' : 'a child';
  const where: Words = [{ code: `${fact.call}()` }, fact.fd === undefined ? '' : ` on fd ${fact.fd}`];
  const fail = (...words: Words): Verdict => ({ fact, holds: false, words });
  const autopsy = result.autopsy;
  if (!autopsy) return fail('no autopsy was taken (it is taken of a run that does not end by itself)');
  if (autopsy.status !== 'taken') return fail(`no autopsy could be taken (${autopsy.reason})`);
  const processes = autopsy.processes.filter((p) =>
    fact.who === 'parent' ? p.pid === autopsy.rootPid : p.ppid === autopsy.rootPid && !p.housekeeping,
  );
  const threads = processes.flatMap((p) => p.threads.filter((t) => !t.housekeeping));
  const hit = threads.some((t) => t.syscall.name === fact.call && (fact.fd === undefined || t.syscall.fd === fact.fd));
  if (hit) return { fact, holds: true, words: [`${who} waits in `, ...where] };
  if (processes.length === 0)
    return fail(fact.who === 'parent' ? 'the autopsy has no parent' : 'the parent started no process');
  const seen = [
    ...new Set(threads.map((t) => `${t.syscall.name}${t.syscall.fd === null ? '' : ` on fd ${t.syscall.fd}`}`)),
  ];
  return fail(`${who} waits in ${seen.join(', ') || 'nothing'}, not in `, ...where);
}

/** One fact judged on the run: whether it holds, and what the run showed. */
export function judge(fact: Fact, result: FactResult, chapter: ChapterValue): Verdict {
  switch (fact.kind) {
    case 'hangs': {
      const holds = result.outcome.kind === 'hang';
      return {
        fact,
        holds,
        words: [holds ? 'the engine proved it hung' : `it ${describeOutcome(result as RunResult)}`],
      };
    }
    case 'exits': {
      const holds = result.outcome.kind === 'exit' && result.outcome.code === fact.code;
      return { fact, holds, words: [`it ${describeOutcome(result as RunResult)}`] };
    }
    case 'prints': {
      const line = printedLine(result, fact.printed);
      const holds = fact.never ? line === undefined : line !== undefined;
      const words = line === undefined ? `it never printed “${fact.printed}”` : `it printed “${line.trim()}”`;
      return { fact, holds, words: [words] };
    }
    case 'value':
      return valueVerdict(fact, result, chapter);
    case 'waits':
      return waitsVerdict(fact, result);
  }
}

/** The facts a run does not show, in words: `"prints worker joined": it never printed “worker joined”`. */
export function unshownFacts(verdicts: Verdict[]): string | null {
  const failed = verdicts.filter((v) => !v.holds);
  return failed.length ? failed.map((v) => `"${v.fact.text}": ${plainWords(v.words)}`).join('; ') : null;
}

/**
 * A prediction judged on its run. shown: every fact holds, the answer is stated and marked.
 * undecided: a `quiet` prediction whose run, on a busy (or unrecorded) machine, does not show its
 * facts: the page says the run does not decide it. unshown: the chapter claims what the run does not show.
 */
export type Decision =
  | { state: 'shown'; verdicts: Verdict[] }
  | { state: 'undecided'; verdicts: Verdict[]; why: string; busy: Conditions }
  | { state: 'unshown'; verdicts: Verdict[]; why: string };

export function decide(
  predict: Pick<CollectedPredict, 'because' | 'quiet'>,
  result: FactResult,
  chapter: ChapterValue,
): Decision {
  const verdicts = predict.because.map((fact) => judge(fact, result, chapter));
  const why = unshownFacts(verdicts);
  if (!why) return { state: 'shown', verdicts };
  const busy = conditionsOf(result.host);
  if (predict.quiet && busy.quiet !== true) return { state: 'undecided', verdicts, why, busy };
  return { state: 'unshown', verdicts, why };
}

/** Why a busy machine leaves a `quiet` prediction undecided, in words, for the page and notes. */
export function undecidedWords(busy: Conditions): string {
  const machine =
    busy.quiet === null
      ? 'the load of the machine that ran it was not recorded'
      : `the machine that ran it was busy (${busy.words}; quiet means at most ${QUIET_LOAD_PER_CORE} per core)`;
  return `its answer rests on timings, which mean something only on a quiet machine, and ${machine}`;
}

/** What to do when a prediction's facts are not shown. */
export const PREDICT_FIX =
  'Give facts this run shows that make that choice right (or another answer), or change the snippet.';

/** One <Predict> judged on its revealed run: the build-stopping problem, or a note that it is undecided. */
export function predictReport(
  predict: CollectedPredict,
  result: FactResult,
  chapter: ChapterValue,
): { problem?: string; note?: string } {
  const decision = decide(predict, result, chapter);
  const where = `${predict.chapterFile}:${predict.line}: <Predict answer={${predict.answer}}>`;
  if (decision.state === 'undecided')
    return {
      note:
        `${where} is undecided on this run of "${predict.run}": ${undecidedWords(decision.busy)}; ` +
        `it did not show ${decision.why}. The page says the run does not decide it.`,
    };
  if (decision.state === 'shown') return {};
  return {
    problem:
      `${where} calls ${quoted(predict.choice)} right because of facts its run "${predict.run}" does not show: ` +
      `${decision.why}. ${PREDICT_FIX}`,
  };
}

/** The runs of a chapter as the check needs them: as agree.ts gathers them, with what facts read. */
export type PredictRun = ChapterRun & { result: FactResult };

/** Every <Predict> of a chapter judged on the run it reveals: problems (file:line, the fix) and notes. */
export function checkPredicts(
  chapter: Pick<CollectedChapter, 'predicts'>,
  runs: PredictRun[],
): { problems: string[]; notes: string[] } {
  const out = { problems: [] as string[], notes: [] as string[] };
  if (chapter.predicts.length === 0) return out;
  const values = chapterValues(runs);
  for (const predict of chapter.predicts) {
    const run = runs.find((r) => r.run.id === predict.run);
    if (!run) continue; // the collector found it inside the <Predict>: a run not gathered has its own problem
    const { problem, note } = predictReport(predict, run.result, (name) => values[name]);
    if (problem) out.problems.push(problem);
    if (note) out.notes.push(note);
  }
  return out;
}
