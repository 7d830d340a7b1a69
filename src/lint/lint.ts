// Prose lint: a number a reader sees in a chapter's prose must come from a run (<Value>),
// be marked as the article's (<Article n="65,514" />), or live in code. A bare digit
// anywhere else fails, naming file:line and the number, with how to fix it.
// Parsed with satteri (the MDX parser Astro and src/collect use), so headings, code spans,
// code blocks, frontmatter, import/export lines, {expressions} and every JSX component are
// told apart exactly rather than guessed with regular expressions. A component's props are
// not prose; the text it wraps is (<Predict>…</Predict>, <Term>…</Term>), so it is linted.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mdxToMdast } from 'satteri';

export interface LintProblem {
  file: string;
  line: number;
  /** The number as written, e.g. "65,514". */
  number: string;
  message: string;
}

interface Node {
  type: string;
  name?: string | null;
  value?: string;
  children?: Node[];
  position?: { start: { line: number } };
}

/** Node types whose text is not prose a reader takes a number from as a claim. */
const SKIP = new Set([
  'heading',
  'code',
  'inlineCode',
  'yaml',
  'toml',
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
  'html',
]);

// A run of digits not glued to a letter before it (v8, utf8, x64 are names, not numbers),
// with its thousands separators and decimals.
const NUMBER = /(?<![\p{L}_\d])\d+(?:[,.]\d+)*/gu;

const HINT =
  'Write it in words ("four bytes"), as <Value name="…" /> when a run can produce it, ' +
  'as <Article n="…" /> when it is the article\'s number, or in `code`.';

/** Problems in one chapter's text; `file` names it. */
export function lintSource(text: string, file: string): LintProblem[] {
  let tree: Node;
  try {
    tree = mdxToMdast(text) as unknown as Node;
  } catch (e) {
    const line = Number(/(\d+):\d+/.exec(String((e as Error).message))?.[1] ?? 1);
    return [
      {
        file,
        line,
        number: '',
        message:
          `${file}:${line}: this MDX does not parse (${String((e as Error).message).split('\n')[0]}); ` +
          'fix the syntax near that line.',
      },
    ];
  }
  const problems: LintProblem[] = [];
  const visit = (node: Node) => {
    // <Quiet>…</Quiet> wraps prose (a claim): its text is linted like any other.
    if (SKIP.has(node.type) && node.name !== 'Quiet') return;
    if (node.type === 'text' && node.value && node.position) {
      for (const m of node.value.matchAll(NUMBER)) {
        const line = node.position.start.line + (node.value.slice(0, m.index).match(/\n/g)?.length ?? 0);
        problems.push({ file, line, number: m[0], message: `${file}:${line}: bare number ${m[0]} in prose. ${HINT}` });
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  return problems;
}

/** Problems in every .mdx of a folder, in file then line order. */
export function lintChapters(dir: string, root = process.cwd()): LintProblem[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort();
  return files.flatMap((f) => lintSource(readFileSync(join(dir, f), 'utf8'), relative(root, join(dir, f)) || f));
}
