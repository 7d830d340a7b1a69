// Collecting what a chapter asks for: every <Run> and every reference to a
// published value, in page order, each with the chapter's file:line. Parsed with
// satteri, the MDX parser Astro itself uses, so a tag inside a code block or
// a comment is never mistaken for a real one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mdxToMdast } from 'satteri';
import { COMPONENTS, VALUE_PROPS, isComponent, readProps, type ComponentName, type Format } from './components.ts';
import type { Fact } from './facts.ts';
import type { Pin } from './pin.ts';
import { PropError, type PropValue } from './props.ts';
import type { RunSpec } from './run-props.ts';
import { confineSnippet } from './confine.ts';
import { parseSnippet, selectLines } from './region.ts';

export interface CollectedRun extends RunSpec {
  chapterFile: string;
  line: number;
}

/** A place in the prose that needs a value some run of the chapter publishes. */
export interface ValueRef {
  chapterFile: string;
  line: number;
  /** The component that asked. */
  component: ComponentName;
  name: string;
  /** The prop that named it, when not `name`. */
  prop?: string;
  /** The article's number, read once by the Value schema (compare with pinMatches). */
  pin?: Pin;
  format?: Format;
}

/** A <Predict>: the choice it calls right, and the facts of the run it reveals that make it right. */
export interface CollectedPredict {
  chapterFile: string;
  line: number;
  /** The right choice, counted from 1, and its words. */
  answer: number;
  choice: string;
  /** The id of the <Run> inside the <Predict>. */
  run: string;
  because: Fact[];
  /** Its facts rest on timings: a busy machine that does not show them leaves it undecided. */
  quiet?: boolean;
}

export interface CollectedChapter {
  chapterFile: string;
  runs: CollectedRun[];
  values: ValueRef[];
  predicts: CollectedPredict[];
}

/** A chapter mistake: message starts with file:line and ends with how to fix it. */
export class CollectError extends Error {
  file: string;
  line: number;
  constructor(file: string, line: number, message: string, hint: string) {
    super(`${file}:${line}: ${message.replace(/\.$/, '')}.${hint ? ` ${hint}` : ''}`);
    this.name = 'CollectError';
    this.file = file;
    this.line = line;
  }
}

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

/** The ids of the <Run>s inside a tag (a <Predict>'s answer), in page order. */
function runIdsIn(node: Node): string[] {
  return (node.children ?? []).flatMap((child) => {
    const id = child.name === 'Run' ? child.attributes?.find((a) => a.name === 'id') : undefined;
    const value = id && propValue(id.value); // id="x" or id={"x"}: read as the <Run> itself is
    return [...(typeof value === 'string' ? [value] : []), ...runIdsIn(child)];
  });
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
  const chapter: CollectedChapter = { chapterFile: shown, runs: [], values: [], predicts: [] };
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
    if (!isComponent(name)) {
      throw new PropError(
        `<${name}> is not a hangtime component`,
        `Valid components are: ${Object.keys(COMPONENTS).join(', ')}.`,
      );
    }
    const props = propsOf(node);
    const ref = (component: ValueRef['component'], value: string): ValueRef => ({
      chapterFile: shown,
      line,
      component,
      name: value,
    });
    switch (name) {
      case 'Run':
        return collectRun(readProps(name, props), line);
      case 'Value': {
        const { name: value, pin, format } = readProps(name, props);
        chapter.values.push({ ...ref(name, value), ...(pin !== undefined && { pin }), ...(format && { format }) });
        return;
      }
      case 'Table':
      case 'BisectChart':
      case 'Quiet':
        chapter.values.push(ref(name, readProps(name, props).name));
        return;
      case 'Cite':
        readProps(name, props);
        return;
      case 'Timeline':
        timelines.push({ run: readProps(name, props).run, line });
        return;
      case 'Predict': {
        const { answer, choices, run, because, quiet } = readProps(name, props);
        const inside = runIdsIn(node);
        if (!inside.includes(run)) {
          throw new PropError(
            `<Predict> run="${run}" is not a <Run> inside this <Predict>`,
            inside.length
              ? `The run it reveals decides it: name one of the runs inside (${inside.join(', ')}).`
              : `Put the <Run id="${run}"> whose facts decide it between <Predict> and </Predict>.`,
          );
        }
        const choice = choices[answer - 1]!;
        chapter.predicts.push({ chapterFile: shown, line, answer, choice, run, because, ...(quiet && { quiet }) });
        return;
      }
      default: {
        // Article, and the teaching components: their props are checked; value names are referenced.
        const parsed = readProps(name, props) as Record<string, unknown>;
        for (const prop of VALUE_PROPS[name] ?? []) {
          const value = parsed[prop];
          if (typeof value === 'string') chapter.values.push({ ...ref(name, value), ...(prop !== 'name' && { prop }) });
        }
      }
    }
  };
  const collectRun = (spec: RunSpec, line: number): void => {
    const file = path.join(snippetRoot, spec.src);
    if (!existsSync(file)) {
      throw new PropError(
        `<Run> src="${spec.src}" does not exist (looked for ${file})`,
        'Check the path; it is relative to runnable/.',
      );
    }
    confineSnippet(snippetRoot, spec.src);
    if (spec.region) selectLines(parseSnippet(readFileSync(file, 'utf8'), spec.src), spec.region, spec.src);
    if (spec.id) {
      if (ids.has(spec.id)) throw new PropError(`two runs have id="${spec.id}"`, 'Give each run its own id.');
      ids.add(spec.id);
    }
    chapter.runs.push({ ...spec, chapterFile: shown, line });
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
