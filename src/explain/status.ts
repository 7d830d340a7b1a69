// The words every surface uses for a run's outcome: the status line under a run on a page and in
// the terminal, and the message when a run missed its expectation. Whether it passed is the
// runner's judgement (meetsExpectation); this file only says it.
import { meetsExpectation, meetsOutcome } from '../runner/expectation.ts';
import type { Expectation, Outcome, RunResult } from '../runner/schema.ts';
import { outputSummary } from './output-tail.ts';
import { describeStuck, describeTimeout } from './proof.ts';

/** An expectation as a chapter writes it: "exit 0", "hang", "signal SIGKILL". */
export function formatExpect(e: Expectation): string {
  return e.kind === 'exit' ? `exit ${e.code}` : e.kind === 'signal' ? `signal ${e.name}` : e.kind;
}

/** A duration as the status line prints it: "43 ms", "2.34 s". */
export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const processes = (n: number) => `${n} process${n > 1 ? 'es' : ''}`;

/** A command as a line can hold it: cut after 60 characters. */
const shortCommand = (c: string) => (c.length > 60 ? `${c.slice(0, 59)}…` : c);

/**
 * "left 1 process alive after it exited: sleep 30 (pid 812)": the processes the engine found and
 * killed after the main one exited, named as the kill found them (a result that kept only the
 * count, as a frozen record does, names none).
 */
export function describeLeftovers(o: Outcome): string {
  const named = o.leftovers.map((l) => `${shortCommand(l.command)} (pid ${l.pid})`);
  const more = o.leftBehind - named.length;
  if (named.length && more > 0) named.push(`${more} more`);
  return `left ${processes(o.leftBehind)} alive after it exited${named.length ? `: ${named.join(', ')}` : ''}`;
}

/** What was expected, in words: "exit 0", or "exit 0 with nothing left behind" when leftovers are what failed it. */
function expected(r: RunResult): string {
  const strict = r.outcome.leftBehind > 0 && !r.options.allowLeftovers;
  return `${formatExpect(r.options.expect)}${strict ? ' with nothing left behind' : ''}`;
}

/**
 * What happened, in a few words: "exited 0", "hung", "stuck", "killed by SIGKILL", "timed out
 * after 60.00 s", "stopped at its wait bound (5.00 s)".
 */
export function describeOutcome(r: RunResult): string {
  const o = r.outcome;
  if (o.kind === 'exit') return `exited ${o.code}`;
  if (o.kind === 'hang') return 'hung';
  if (o.kind === 'stuck') return 'stuck';
  if (o.kind === 'waiting' && o.killedBy === 'wait-bound' && r.options.waitBoundMs !== null)
    return `stopped at its wait bound (${seconds(r.options.waitBoundMs)})`;
  if (o.kind === 'timeout' || o.kind === 'waiting') return `timed out after ${seconds(r.options.timeoutMs)}`;
  if (o.killedBy === 'limit') return `killed: ${o.limits.map((l) => l.detail).join('; ')}`;
  if (o.killedBy === 'interrupted') return 'interrupted';
  if (o.killedBy === 'containment') return 'got out of its containment';
  return `killed by ${o.signal}`;
}

/**
 * How the tree was held, when that is worth saying: a broken containment, or the weaker fallback
 * (never silently). Nothing for the launcher that held, or for a frozen result that did not record it.
 */
export function describeContainment(r: RunResult): string | null {
  const c = r.outcome.containment;
  if (!c) return null;
  if (!c.held) return `containment broken: ${c.reason ?? 'unknown why'}`;
  if (c.mechanism === 'process-group')
    return (
      `held by process group only (${c.reason ?? 'no launcher'}): ` +
      'a process that leaves its group and scrubs its environment is not seen'
    );
  return null;
}

/**
 * Whether the run met its expectation and, when not, a message: what was expected, what happened,
 * the output's tail.
 */
export function checkExpectation(r: RunResult): { pass: boolean; message: string } {
  const pass = meetsExpectation(r);
  if (pass) return { pass, message: '' };
  const o = r.outcome;
  const output = outputSummary(r.transcript.chunks.map((c) => c.text).join(''));
  const why = o.kind === 'timeout' || o.kind === 'waiting' ? describeTimeout(r) : null;
  const caps = o.kind === 'exit' ? o.limits.filter((l) => l.kind !== 'output').map((l) => `; ${l.detail}`) : [];
  const broken = o.containment?.held === false ? `; ${describeContainment(r)}` : '';
  const outcome = `${describeOutcome(r)}${why ? ` (${why})` : ''}`;
  // The outcome is said when it is not the one expected; leftovers, after it, with their names.
  const left = o.leftBehind > 0 ? `${describeLeftovers(o)}, killed` : '';
  const said = meetsOutcome(r) && left ? left : left ? `${outcome} and ${left}` : outcome;
  const message = [
    `${r.snippet.language === 'command' ? r.command : r.snippet.path}: expected ${expected(r)}, ` +
      `but it ${was(said)}${caps.join('')}${broken}`,
    ...(output.lines.length ? [`${output.title}:`, ...output.lines.map((l) => `  | ${l}`)] : ['(no output)']),
  ].join('\n');
  return { pass, message };
}

/** An outcome after "but it": "was killed by SIGSEGV", "was stuck", "exited 3", "hung". */
const was = (said: string) => (/^(killed|stuck|stopped|interrupted)\b/.test(said) ? `was ${said}` : said);

/** The status line's head and the facts after it, shared by the engine's words and the reader's. */
function statusParts(r: RunResult): { pass: boolean; what: string; expectedOther: boolean; rest: string[] } {
  const pass = meetsExpectation(r);
  const o = r.outcome;
  const rest: string[] = [];
  const what = describeOutcome(r);
  const expectedOther = r.options.expect.kind !== 'exit' || r.options.expect.code !== 0;
  if (o.kind === 'hang' && r.hang) rest.push(`confirmed ${seconds(r.hang.confirmedAfterMs)} after it went quiet`);
  else if (o.kind === 'stuck' && r.proof) {
    rest.push(describeStuck(r.proof));
    if (r.hang) rest.push(`confirmed after ${seconds(r.hang.confirmedAfterMs)}`);
  } else if (o.kind !== 'timeout' && o.kind !== 'waiting') rest.push(seconds(r.timing.wallMs));
  const why = o.kind === 'timeout' || o.kind === 'waiting' ? describeTimeout(r) : null;
  if (why) rest.push(why);
  if (o.leftBehind > 0) rest.push(describeLeftovers(o));
  if (o.killedBy) rest.push('process tree killed');
  // A cap hit while the program ran is the outcome's words; one hit by its leftovers is said here.
  for (const l of o.limits) if (l.kind === 'output' || o.kind === 'exit') rest.push(l.detail);
  const held = describeContainment(r);
  if (held) rest.push(held);
  if (r.transcript.droppedBytes > 0) rest.push(`output capped, ${r.transcript.droppedBytes} bytes dropped`);
  return { pass, what, expectedOther, rest };
}

/**
 * The status line: `exited 0 · 43 ms`,
 * `hung, as expected · confirmed 41 ms after it went quiet · process tree killed`,
 * `stuck, as expected · 2 threads in a closed cycle, 1 poller · confirmed after 3.02 s · process tree killed`,
 * `timed out after 20.00 s · waiting on 127.0.0.1:4555 (python3 pid 812, outside this run) · …`.
 */
export function formatStatus(r: RunResult): string {
  const { pass, what, expectedOther, rest } = statusParts(r);
  const head = !pass ? `FAILED: expected ${expected(r)}, ${what}` : expectedOther ? `${what}, as expected` : what;
  return [head, ...rest].join(' · ');
}

/**
 * The status line as a page's reader meets it: the same facts, the expectation in the chapter's
 * words (`hung — proven, as the chapter expects · confirmed 41 ms after it went quiet · …`).
 */
export function readerStatus(r: RunResult): string {
  const { pass, what, expectedOther, rest } = statusParts(r);
  const proven = r.outcome.kind === 'hang' || r.outcome.kind === 'stuck';
  const head = !pass
    ? `FAILED: expected ${expected(r)}, ${what}`
    : expectedOther
      ? `${what}${proven ? ' — proven' : ''}, as the chapter expects`
      : what;
  return [head, ...rest].join(' · ');
}
