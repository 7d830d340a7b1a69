// What a chapter or a reader expects of a run, parsed, and whether a run meets it — decided
// here, once. The words that say so live in src/explain/status.ts.
import type { Expectation, RunResult } from './result.ts';

/** The ways to write an expectation, as error messages list them. */
export const EXPECTATIONS = ['exit', 'exit=N', 'hang', 'signal=NAME', 'timeout'] as const;

/** Parses `exit`, `exit=N`, `hang`, `signal=NAME`, `timeout` (CLI flags and MDX props). */
export function parseExpect(text: string): Expectation {
  const m = /^(exit|hang|signal|timeout)(?:=(.+))?$/.exec(text.trim());
  if (!m) throw new Error(`expectation '${text}' is not one of: ${EXPECTATIONS.join(', ')}`);
  const [, kind, arg] = m;
  if (kind === 'exit') {
    if (arg !== undefined && !/^\d+$/.test(arg))
      throw new Error(`expectation '${text}': exit takes a whole number, e.g. exit=3`);
    return { kind: 'exit', code: arg === undefined ? 0 : Number(arg) };
  }
  if (kind === 'signal') {
    if (!arg || !/^SIG[A-Z0-9]+$/.test(arg))
      throw new Error(`expectation '${text}': signal takes a name, e.g. signal=SIGTERM`);
    return { kind: 'signal', name: arg };
  }
  if (arg !== undefined) throw new Error(`expectation '${text}': ${kind} takes no value`);
  return { kind: kind as 'hang' | 'timeout' };
}

/** Parses "60s", "500ms", "1.5s", "2m" into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`duration '${text}' is malformed: write e.g. 500ms, 60s or 2m`);
  const n = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  if (n <= 0) throw new Error(`duration '${text}' must be more than zero`);
  return Math.round(n);
}

/** Whether a run's outcome meets the expectation its options name (leftovers fail unless allowed). */
export function meetsExpectation(r: RunResult): boolean {
  const e = r.options.expect;
  const o = r.outcome;
  const met =
    e.kind === 'exit'
      ? o.kind === 'exit' && o.code === e.code
      : e.kind === 'signal'
        ? o.kind === 'signal' && o.killedBy === null && o.signal === e.name
        : o.kind === e.kind;
  return met && (o.leftBehind === 0 || r.options.allowLeftovers);
}
