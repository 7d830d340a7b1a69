// Friendly errors for component props (Starlight's parseWithFriendlyErrors is the model): a zod
// problem becomes one sentence naming the component, the prop, what it got and what it takes,
// and a hint saying what to write. Each prop's schema carries its help (`.meta(help(…))`), so a
// schema and the words that explain it live side by side in components.ts.
import { z } from 'zod';

/** A prop value as MDX gives it: a string, `true` for a bare prop, or a literal expression. */
export type PropValue = string | number | boolean | string[] | null;

/** A user mistake in a chapter; `hint` says what to write instead. */
export class PropError extends Error {
  hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'PropError';
    this.hint = hint;
  }
}

/** How a prop is explained when it is wrong. */
export interface PropHelp {
  /** What it takes, as a noun phrase: "an expectation", "true or false". */
  takes: string;
  /** How to write it, for the hint: `timeout="60s"`. */
  write: string;
  /** Its valid values, when they are a closed set the schema cannot list itself (enums list their own). */
  values?: readonly string[];
  /** The plural that introduces the valid values ("Valid formats are: …"). @default "values" */
  plural?: string;
}

/** Metadata for `.meta()`: the help of one prop. */
export function help(about: PropHelp): { help: PropHelp } {
  return { help: about };
}

/** A refinement's words for a prop problem: a detail after what it takes, or the whole hint. */
export interface IssueParams {
  detail?: string;
  hint?: string;
}

type Schema = z.ZodType;

/** The object schema of a component, under its transform if it has one. */
function objectOf(schema: Schema): z.ZodObject | null {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodPipe) return objectOf(schema.in as Schema);
  return null;
}

/** The help attached to a prop's schema, or to the schema it wraps (optional, transform). */
export function helpOf(schema: Schema | undefined): PropHelp | undefined {
  for (let s: Schema | undefined = schema; s;) {
    const meta = s.meta() as { help?: PropHelp } | undefined;
    if (meta?.help) return meta.help;
    const def = s.def as { innerType?: Schema; in?: Schema };
    s = def.innerType ?? def.in;
  }
  return undefined;
}

/** A prop as a chapter writes it: name="text" or name={literal}. */
export function propText(prop: string, value: unknown): string {
  return `${prop}=${typeof value === 'string' ? JSON.stringify(value) : `{${JSON.stringify(value)}}`}`;
}

/** Levenshtein distance, for "did you mean"; small words only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known prop nearest to a mistyped one (case aside, at most two edits away), as a question. */
function didYouMean(key: string, known: string[]): string {
  const ranked = known
    .map((k) => ({ k, d: distance(k.toLowerCase(), key.toLowerCase()) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d);
  return ranked[0] ? `Did you mean ${ranked[0].k}? ` : '';
}

interface Problem {
  message: string;
  hint: string;
}

/** One zod issue in the words of a chapter: the component, the prop as written, what it takes. */
function explain(
  component: string,
  props: Record<string, unknown>,
  shape: Record<string, Schema>,
  issue: z.core.$ZodIssue,
): Problem[] {
  const tag = `<${component}>`;
  const known = Object.keys(shape);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      message: `${tag} has no prop "${key}"`,
      hint: `${didYouMean(key, known)}Valid props are: ${known.join(', ')}.`,
    }));
  }
  const params: IssueParams = (issue as { params?: IssueParams }).params ?? {};
  const prop = issue.path[0];
  if (typeof prop !== 'string') return [{ message: `${tag} ${issue.message}`, hint: params.hint ?? '' }];
  const about = helpOf(shape[prop]) ?? { takes: `valid (${issue.message})`, write: `${prop}="…"` };
  if (props[prop] === undefined)
    return [{ message: `${tag} needs ${prop} (${about.takes})`, hint: `Write ${about.write}.` }];
  const detail = params.detail ? ` (${params.detail})` : '';
  const values = about.values ?? (issue.code === 'invalid_value' ? issue.values.map(String) : undefined);
  return [
    {
      message: `${tag} ${propText(prop, props[prop])} is not ${about.takes}${detail}`,
      hint:
        params.hint ??
        (values ? `Valid ${about.plural ?? 'values'} are: ${values.join(', ')}.` : `Write ${about.write}.`),
    },
  ];
}

/**
 * Parse a component's props with its schema. Every problem (an unknown prop first: it often
 * explains a missing one) is one sentence; they make one PropError, whose hint says what to write.
 */
export function parseProps<S extends Schema>(component: string, schema: S, props: unknown): z.output<S> {
  const result = schema.safeParse(props);
  if (result.success) return result.data;
  const input = (props ?? {}) as Record<string, unknown>;
  const shape = (objectOf(schema)?.shape ?? {}) as Record<string, Schema>;
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const seen = new Set<PropertyKey>();
  const problems: Problem[] = [];
  for (const issue of issues) {
    const prop = issue.path[0];
    if (prop !== undefined) {
      if (seen.has(prop)) continue; // one problem a prop: its first
      seen.add(prop);
    }
    problems.push(...explain(component, input, shape, issue));
  }
  const hints = [...new Set(problems.map((p) => p.hint).filter(Boolean))];
  throw new PropError(problems.map((p) => p.message).join('; '), hints.join(' '));
}
