// What a chapter or a reader expects of a run, parsed, and whether a run meets it — decided
// here, once. The words that say so live in src/explain/status.ts.
import { constants } from 'node:os';
import { sameSignal } from '../shared/signals.ts';
import { MAX_TIMER_MS } from './options.ts';
import type { Expectation, RunResult } from './result.ts';

/** The signal names this platform knows (SIGTERM, SIGKILL…), for messages that list them. */
export const SIGNALS = Object.keys(constants.signals).sort();

/** The ways to write an expectation, as error messages list them. */
export const EXPECTATIONS = ['exit', 'exit=N', 'hang', 'stuck', 'waiting', 'signal=NAME', 'timeout'] as const;

/** Parses `exit`, `exit=N`, `hang`, `stuck`, `waiting`, `signal=NAME`, `timeout` (CLI flags and MDX props). */
export function parseExpect(text: string): Expectation {
  const m = /^(exit|hang|stuck|waiting|signal|timeout)(?:=(.+))?$/.exec(text.trim());
  if (!m) throw new Error(`expectation '${text}' is not one of: ${EXPECTATIONS.join(', ')}`);
  const [, kind, arg] = m;
  if (kind === 'exit') {
    if (arg !== undefined && !(/^\d+$/.test(arg) && Number(arg) <= 255))
      throw new Error(`expectation '${text}': exit takes an exit status from 0 to 255, e.g. exit=3`);
    return { kind: 'exit', code: arg === undefined ? 0 : Number(arg) };
  }
  if (kind === 'signal') {
    if (!arg || !SIGNALS.includes(arg))
      throw new Error(
        `expectation '${text}': signal takes a signal name of this platform, e.g. signal=SIGTERM ` +
          `(${arg ? `${arg} is not one; ` : ''}valid: ${SIGNALS.join(', ')})`,
      );
    return { kind: 'signal', name: arg };
  }
  if (arg !== undefined) throw new Error(`expectation '${text}': ${kind} takes no value`);
  return { kind: kind as 'hang' | 'stuck' | 'waiting' | 'timeout' };
}

/**
 * Parses "60s", "500ms", "1.5s", "2m" into whole milliseconds, from 1 ms to MAX_TIMER_MS (the
 * longest a Node timer can wait, about 24.8 days); anything else throws, saying what to write.
 */
export function parseDuration(text: string): number {
  const range = `durations are 1 ms to 2^31-1 ms (${MAX_TIMER_MS} ms, about 24.8 days), e.g. 500ms, 60s or 2m`;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) {
    const why = /^-/.test(text.trim())
      ? 'is negative'
      : /^\d+(?:\.\d+)?$/.test(text.trim())
        ? 'has no unit (ms, s or m)'
        : 'is not a number with a unit (ms, s or m)';
    throw new Error(`duration '${text}' ${why}: ${range}`);
  }
  const n = Math.round(Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000));
  if (n < 1) throw new Error(`duration '${text}' is shorter than 1 ms: ${range}`);
  if (n > MAX_TIMER_MS) throw new Error(`duration '${text}' is longer than a timer can wait: ${range}`);
  return n;
}

/**
 * Whether a run's outcome meets the expectation its options name. Leftovers fail unless allowed; a
 * run that got out of its containment (its launcher died first) fails whatever it did. A `waiting`
 * outcome is a timeout the proof explains: it meets `timeout` too; `waiting` is met only by it.
 */
export function meetsExpectation(r: RunResult): boolean {
  const o = r.outcome;
  return meetsOutcome(r) && (o.leftBehind === 0 || r.options.allowLeftovers) && o.containment?.held !== false;
}

/** Whether the outcome itself is the one expected, leftovers and containment aside. */
export function meetsOutcome(r: RunResult): boolean {
  const e = r.options.expect;
  const o = r.outcome;
  return e.kind === 'exit'
    ? o.kind === 'exit' && o.code === e.code
    : e.kind === 'signal'
      ? o.kind === 'signal' && o.killedBy === null && sameSignal(o.signal, e.name)
      : e.kind === 'timeout'
        ? o.kind === 'timeout' || o.kind === 'waiting'
        : o.kind === e.kind;
}
