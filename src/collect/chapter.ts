// Collecting what a chapter asks for: every <Run> and every reference to a
// published value, in page order, each with the chapter's file:line. Parsed with
// satteri, the MDX parser Astro itself uses, so a tag inside a code block or
// a comment is never mistaken for a real one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mdxToMdast } from 'satteri';
import { PropError, runFromProps, type PropValue, type RunSpec } from './props.ts';
import { parseSnippet, selectLines } from './region.ts';
import { SOURCES } from '../components/sources.ts';

export interface CollectedRun extends RunSpec {
  chapterFile: string;
  line: number;
}

/** A place in the prose that needs a value some run of the chapter publishes. */
export interface ValueRef {
  chapterFile: string;
  line: number;
  /** The component that asked: Value, Table or BisectChart. */
  component: 'Value' | 'Table' | 'BisectChart' | 'FitCalculator';
  name: string;
  pin?: number | string;
  format?: string;
}

export interface CollectedChapter {
  chapterFile: string;
  runs: CollectedRun[];
  values: ValueRef[];
}

/** A chapter mistake: message starts with file:line and ends with how to fix it. */
export class CollectError extends Error {
  file: string;
  line: number;
  constructor(file: string, line: number, message: string, hint: string) {
    super(`${file}:${line}: ${message}. ${hint}`);
    this.name = 'CollectError';
    this.file = file;
    this.line = line;
  }
}

export const FORMATS = ['int', 'bytes', 'ms', 's', 'x', 'raw'] as const;
const COMPONENT_PROPS: Record<string, readonly string[]> = {
  Value: ['name', 'pin', 'format'],
  Table: ['name', 'caption'],
  BisectChart: ['name', 'caption'],
  Timeline: ['run', 'caption'],
  Article: ['n'],
  Autopsy: ['run'],
  FitCalculator: ['models'],
  Cite: ['source'],
};

interface Node {
  type: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
  position?: { start: { line: number } };
}

function propValue(raw: unknown): PropValue {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'string') return raw;
  const source = String((raw as { value?: unknown }).value ?? '').trim();
  try {
    return JSON.parse(source) as PropValue;
  } catch {
    throw new PropError(
      `the expression {${source}} is not a literal`,
      'Use a string, a number, true/false or an array of double-quoted strings.',
    );
  }
}

function propsOf(node: Node): Record<string, PropValue> {
  const props: Record<string, PropValue> = {};
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) {
      throw new PropError(`<${node.name}> has a spread {…} prop`, 'Write each prop out by name.');
    }
    props[attribute.name] = propValue(attribute.value);
  }
  return props;
}

export interface CollectOptions {
  /** Directory that Run src paths are relative to. @default <cwd>/runnable */
  snippetRoot?: string;
  /** How the chapter file is named in errors and results. @default the path given */
  displayPath?: string;
}

/** Parse one chapter's MDX text and collect its runs and value references. */
export function collectSource(text: string, file: string, options: CollectOptions = {}): CollectedChapter {
  const shown = options.displayPath ?? file;
  const snippetRoot = options.snippetRoot ?? path.resolve('runnable');
  let tree: Node;
  try {
    tree = mdxToMdast(text) as unknown as Node;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/(\d+):\d+/.exec(message)?.[1] ?? 1);
    throw new CollectError(
      shown,
      line,
      `this MDX does not parse (${message.split('\n')[0]})`,
      'Fix the syntax near that line.',
    );
  }
  const chapter: CollectedChapter = { chapterFile: shown, runs: [], values: [] };
  const ids = new Set<string>();
  const timelines: { run: string; line: number }[] = [];
  const visit = (node: Node): void => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
      const line = node.position?.start.line ?? 1;
      try {
        collectTag(node, line);
      } catch (error) {
        if (error instanceof PropError) throw new CollectError(shown, line, error.message, error.hint);
        if (error instanceof CollectError) throw error;
        throw new CollectError(shown, line, (error as Error).message, '');
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  const collectTag = (node: Node, line: number): void => {
    const name = node.name as string;
    if (!/^[A-Z]/.test(name)) return; // plain HTML
    const props = propsOf(node);
    if (name === 'Run') {
      const spec = runFromProps(props);
      const file = path.join(snippetRoot, spec.src);
      if (!existsSync(file)) {
        throw new PropError(
          `src="${spec.src}" does not exist (looked for ${file})`,
          'Check the path; it is relative to runnable/.',
        );
      }
      if (spec.region) selectLines(parseSnippet(readFileSync(file, 'utf8'), spec.src), spec.region, spec.src);
      if (spec.id) {
        if (ids.has(spec.id)) throw new PropError(`two runs have id="${spec.id}"`, 'Give each run its own id.');
        ids.add(spec.id);
      }
      chapter.runs.push({ ...spec, chapterFile: shown, line });
      return;
    }
    const allowed = COMPONENT_PROPS[name];
    if (!allowed) {
      throw new PropError(
        `<${name}> is not a hangtime component`,
        `Valid components are: Run, ${Object.keys(COMPONENT_PROPS).join(', ')}.`,
      );
    }
    for (const prop of Object.keys(props)) {
      if (!allowed.includes(prop))
        throw new PropError(`<${name}> has no prop "${prop}"`, `Valid props are: ${allowed.join(', ')}.`);
    }
    if (name === 'FitCalculator') {
      const { models } = props;
      if (!Array.isArray(models) || !models.length || !models.every((t) => typeof t === 'string')) {
        throw new PropError(
          '<FitCalculator> needs models={["model", …]}',
          'Name published values: models={["fit_model_python", "fit_model_ts"]}.',
        );
      }
      for (const value of models) chapter.values.push({ chapterFile: shown, line, component: name, name: value });
      return;
    }
    const required =
      name === 'Timeline' || name === 'Autopsy'
        ? 'run'
        : name === 'Article'
          ? 'n'
          : name === 'Cite'
            ? 'source'
            : 'name';
    if (typeof props[required] !== 'string' && !(name === 'Article' && typeof props.n === 'number')) {
      throw new PropError(`<${name}> needs ${required}="…"`, `Add ${required}="…".`);
    }
    if (name === 'Cite' && !Object.hasOwn(SOURCES, props.source as string)) {
      throw new PropError(
        `<Cite source="${props.source}"> names no known source`,
        `Valid sources are: ${Object.keys(SOURCES).join(', ')}.`,
      );
    }
    if (name === 'Timeline' || name === 'Autopsy') timelines.push({ run: props.run as string, line });
    if (name === 'Value' || name === 'Table' || name === 'BisectChart') {
      const ref: ValueRef = { chapterFile: shown, line, component: name, name: props.name as string };
      if (props.pin !== undefined) {
        if (typeof props.pin !== 'number' && typeof props.pin !== 'string') {
          throw new PropError(
            `pin must be a number or a string, got ${JSON.stringify(props.pin)}`,
            'Write pin={65514}.',
          );
        }
        ref.pin = props.pin;
      }
      if (props.format !== undefined) {
        if (!(FORMATS as readonly string[]).includes(props.format as string)) {
          throw new PropError(
            `format=${JSON.stringify(props.format)} is not a format`,
            `Valid formats are: ${FORMATS.join(', ')}.`,
          );
        }
        ref.format = props.format as string;
      }
      chapter.values.push(ref);
    }
  };
  visit(tree);
  for (const figure of timelines) {
    if (!ids.has(figure.run)) {
      throw new CollectError(
        shown,
        figure.line,
        `no <Run id="${figure.run}"> in this chapter`,
        `Give the run id="${figure.run}", or name an existing id (${[...ids].join(', ') || 'none yet'}).`,
      );
    }
  }
  return chapter;
}

/** Read and collect one chapter file. */
export function collectChapter(file: string, options: CollectOptions = {}): CollectedChapter {
  return collectSource(readFileSync(file, 'utf8'), file, options);
}
