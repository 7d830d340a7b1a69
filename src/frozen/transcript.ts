// The transcript as the run printed it, in a frozen document's `## shown` block: every chunk in
// arrival order with its stream and time, its text split after each newline, each piece a
// double-quoted YAML string with every control character escaped (a `\r` progress bar, a NUL,
// an escape sequence survive exactly). One chunk is one YAML flow list, wrapped one piece a line:
//
//   - [stdout, 524.3, "the pipe took 65,536 bytes, then refused one more (EAGAIN)\n",
//     "that is 16 pages of 4,096 bytes\n"]
//
// Never normalized, never compared: this is what a frozen page shows.
import type { Chunk } from '../runner/schema.ts';
import { fromYaml } from './yaml.ts';

const STREAMS = new Set(['stdout', 'stderr', 'engine']);

/**
 * A double-quoted YAML scalar for any text: JSON's escapes, plus the characters YAML may not
 * hold raw (DEL, the C1 controls, U+FFFE/U+FFFF) as \u escapes.
 */
export function quoteText(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Lines of the `## shown` block (YAML). */
export function renderTranscript(chunks: Chunk[]): string[] {
  if (chunks.length === 0) return ['[]'];
  const lines: string[] = [];
  for (const c of chunks) {
    const pieces = c.text.match(/[^\n]*\n|[^\n]+$/g) ?? [''];
    const quoted = pieces.map(quoteText);
    const head = `- [${c.stream}, ${c.t}, `;
    quoted.forEach((q, i) => {
      const end = i === quoted.length - 1 ? ']' : ',';
      lines.push(`${i === 0 ? head : '  '}${q}${end}`);
    });
  }
  return lines;
}

/** Reads a `## shown` block back; `fail` reports a malformed one. */
export function parseTranscript(text: string, fail: (what: string) => never): Chunk[] {
  let data: unknown;
  try {
    data = fromYaml(text);
  } catch (e) {
    return fail(`the shown transcript is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) return fail('the shown transcript is not a list of chunks');
  return data.map((item, i) => {
    if (
      !Array.isArray(item) ||
      item.length < 3 ||
      !STREAMS.has(item[0]) ||
      typeof item[1] !== 'number' ||
      !item.slice(2).every((p) => typeof p === 'string')
    )
      return fail(`chunk ${i + 1} of the shown transcript is not [stream, ms, "text", …]`);
    return { stream: item[0], t: item[1], text: (item.slice(2) as string[]).join('') };
  });
}
