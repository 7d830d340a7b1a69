// Whether a run passes — decided here, once — and the words every surface uses to say so.
import type { Expectation, RunResult } from './result.ts';

/** Parses `exit`, `exit=N`, `hang`, `signal=NAME`, `timeout` (CLI flags and MDX props). */
export function parseExpect(text: string): Expectation {
  const m = /^(exit|hang|signal|timeout)(?:=(.+))?$/.exec(text.trim());
  const valid = 'exit, exit=N, hang, signal=NAME, timeout';
  if (!m) throw new Error(`expectation '${text}' is not one of: ${valid}`);
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

export function formatExpect(e: Expectation): string {
  return e.kind === 'exit' ? `exit ${e.code}` : e.kind === 'signal' ? `signal ${e.name}` : e.kind;
}

/** Parses "60s", "500ms", "1.5s", "2m" into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`duration '${text}' is malformed: write e.g. 500ms, 60s or 2m`);
  const n = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  if (n <= 0) throw new Error(`duration '${text}' must be more than zero`);
  return Math.round(n);
}

/** What happened, in a few words: "exited 0", "hung", "killed by SIGKILL", "timed out". */
export function describeOutcome(r: RunResult): string {
  const o = r.outcome;
  if (o.kind === 'exit') return `exited ${o.code}`;
  if (o.kind === 'hang') return 'hung';
  if (o.kind === 'timeout') return `timed out after ${seconds(r.options.timeoutMs)}`;
  if (o.killedBy === 'limit') return `killed: ${o.limits.map((l) => l.detail).join('; ')}`;
  if (o.killedBy === 'interrupted') return 'interrupted';
  return `killed by ${o.signal}`;
}

export function checkExpectation(r: RunResult): { pass: boolean; message: string } {
  const e = r.options.expect;
  const o = r.outcome;
  let pass =
    e.kind === 'exit'
      ? o.kind === 'exit' && o.code === e.code
      : e.kind === 'signal'
        ? o.kind === 'signal' && o.killedBy === null && o.signal === e.name
        : o.kind === e.kind;
  if (o.leftBehind > 0 && !r.options.allowLeftovers) pass = false;
  if (pass) return { pass, message: '' };
  const tail = r.transcript.chunks
    .map((c) => c.text)
    .join('')
    .split('\n')
    .filter(Boolean)
    .slice(-10);
  const left =
    o.leftBehind > 0
      ? `; left ${o.leftBehind} process${o.leftBehind > 1 ? 'es' : ''} alive after it exited (killed)`
      : '';
  const message = [
    `${r.snippet.path}: expected ${formatExpect(e)}, but it ${describeOutcome(r)}${left}`,
    ...(tail.length ? ['last lines of output:', ...tail.map((l) => `  | ${l}`)] : ['(no output)']),
  ].join('\n');
  return { pass, message };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The status line: `exited 0 · 43 ms`, `hung, as expected · confirmed 0.21 s after it went quiet · process tree killed`. */
export function formatStatus(r: RunResult): string {
  const { pass } = checkExpectation(r);
  const o = r.outcome;
  const parts: string[] = [];
  const what = describeOutcome(r);
  const expectedOther = r.options.expect.kind !== 'exit' || r.options.expect.code !== 0;
  parts.push(
    pass
      ? expectedOther
        ? `${what}, as expected`
        : what
      : `FAILED: expected ${formatExpect(r.options.expect)}, ${what}`,
  );
  if (o.kind === 'hang' && r.hang) parts.push(`confirmed ${seconds(r.hang.confirmedAfterMs)} after it went quiet`);
  else parts.push(seconds(r.timing.wallMs));
  if (o.leftBehind > 0) parts.push(`left ${o.leftBehind} process${o.leftBehind > 1 ? 'es' : ''} behind`);
  if (o.killedBy) parts.push('process tree killed');
  if (o.method === 'quiet-window' && o.kind === 'hang') parts.push('no /proc here: judged by silence alone');
  for (const l of o.limits) if (l.kind === 'output') parts.push(l.detail);
  if (r.transcript.droppedBytes > 0) parts.push(`output capped, ${r.transcript.droppedBytes} bytes dropped`);
  return parts.join(' · ');
}
