// Expected output with wildcards, as trycmd/snapbox read it:
//   a line that is exactly `...` matches any number of lines (zero included);
//   `[..]` inside a line matches any part of that one line.
// Placeholders such as [PID1] are plain text here: both sides are normalized first.

export const ANY_LINES = '...';
export const ANY_TEXT = '[..]';

/** Does one expected line (maybe holding [..]) match one actual line? */
export function lineMatches(expected: string, actual: string): boolean {
  if (!expected.includes(ANY_TEXT)) return expected === actual;
  const parts = expected.split(ANY_TEXT);
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!actual.startsWith(first) || actual.length < first.length + last.length || !actual.endsWith(last)) return false;
  let at = first.length;
  const end = actual.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = actual.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** Do the expected lines (with `...` and `[..]`) match the actual lines? */
export function linesMatch(expected: string[], actual: string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    if (i === expected.length) return j === actual.length;
    const k = i * (actual.length + 1) + j;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let ok: boolean;
    if (expected[i] === ANY_LINES) ok = go(i + 1, j) || (j < actual.length && go(i, j + 1));
    else ok = j < actual.length && lineMatches(expected[i]!, actual[j]!) && go(i + 1, j + 1);
    memo.set(k, ok);
    return ok;
  };
  return go(0, 0);
}

/**
 * The actual lines rewritten with the expected wildcards wherever they match, so a diff
 * shows only the lines that really differ (snapbox's normalize-to-pattern). The result
 * always matches `actual` under linesMatch: it is safe to write back by --update.
 */
export function patchActual(expected: string[], actual: string[]): string[] {
  if (linesMatch(expected, actual)) return [...expected];
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < expected.length && j <= actual.length) {
    if (expected[i] === ANY_LINES) {
      let next = i + 1;
      while (expected[next] === ANY_LINES) next++;
      if (next === expected.length) {
        out.push(ANY_LINES);
        j = actual.length;
        i = next;
        break;
      }
      let k = j;
      while (k < actual.length && !lineMatches(expected[next]!, actual[k]!)) k++;
      if (k === actual.length) break;
      out.push(ANY_LINES);
      i = next;
      j = k;
    } else if (j < actual.length && lineMatches(expected[i]!, actual[j]!)) {
      out.push(expected[i]!);
      i++;
      j++;
    } else break;
  }
  out.push(...actual.slice(j));
  return linesMatch(out, actual) ? out : [...actual];
}
