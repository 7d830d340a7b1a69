// Regions of a snippet file: `# region NAME` / `# endregion` in Python,
// `// region NAME` / `// endregion` in TypeScript (mdBook's ANCHOR idea).
// Marker lines are never shown; shown lines keep the file's own numbers, so a
// traceback's line number matches what the reader sees.

export interface SourceLine {
  /** 1-based line number in the file. */
  n: number;
  text: string;
}

export interface Snippet {
  /** Every line that is not a region marker, with its own number. */
  lines: SourceLine[];
  /** Region name → [first, last] line numbers of its content (markers excluded). */
  regions: Map<string, { start: number; end: number }>;
}

const OPEN = /^\s*(?:#|\/\/)\s*region\s+([\w.-]+)\s*$/;
const CLOSE = /^\s*(?:#|\/\/)\s*endregion\b.*$/;

/** Split a snippet's text into shown lines and regions; `file` names it in errors. */
export function parseSnippet(text: string, file: string): Snippet {
  const raw = text.replace(/\n$/, '').split('\n');
  const lines: SourceLine[] = [];
  const regions = new Map<string, { start: number; end: number }>();
  const open: { name: string; start: number; line: number }[] = [];
  raw.forEach((line, index) => {
    const n = index + 1;
    const opened = OPEN.exec(line);
    if (opened) {
      if (regions.has(opened[1]) || open.some((o) => o.name === opened[1])) {
        throw new Error(`${file}:${n}: region "${opened[1]}" is defined twice; give each region its own name.`);
      }
      open.push({ name: opened[1], start: n + 1, line: n });
      return;
    }
    if (CLOSE.test(line)) {
      const region = open.pop();
      if (!region)
        throw new Error(`${file}:${n}: endregion without a region above it; remove it or add "region NAME".`);
      regions.set(region.name, { start: region.start, end: n - 1 });
      return;
    }
    lines.push({ n, text: line });
  });
  const unclosed = open.pop();
  if (unclosed)
    throw new Error(`${file}:${unclosed.line}: region "${unclosed.name}" is never closed; add an endregion line.`);
  return { lines, regions };
}

/** The lines to show: all of them, or one region's (markers stripped either way). */
export function selectLines(snippet: Snippet, region: string | undefined, file: string): SourceLine[] {
  if (!region) return snippet.lines;
  const range = snippet.regions.get(region);
  if (!range) {
    const known = [...snippet.regions.keys()];
    throw new Error(
      `${file}: no region "${region}"; ` +
        (known.length
          ? `regions in this file: ${known.join(', ')}.`
          : 'mark one with "region NAME" / "endregion" comment lines.'),
    );
  }
  return snippet.lines.filter((line) => line.n >= range.start && line.n <= range.end);
}
