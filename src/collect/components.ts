// The components a chapter may use, one zod schema each. The collector (build, CLI, verify)
// validates every tag with its schema; the component parses its Astro.props with the same
// schema (src/components/props.ts), so a page renders exactly the run and value that were
// checked. COMPONENTS is what src/pages/[chapter].astro provides, no more. <Run>'s schema, the
// largest, is in run-props.ts.
import { z } from 'zod';
import { SOURCES, type SourceName } from '../components/sources.ts';
import { readPin } from './pin.ts';
import { caption, runId, valueName } from './prop-kinds.ts';
import { help, parseProps } from './props.ts';
import { RunProps } from './run-props.ts';
import { TEACHING, TEACHING_VALUES } from './teaching.ts';

/** How a published number reads in prose (src/components/format.ts). */
export const FORMATS = ['int', 'bytes', 'ms', 's', 'x', 'cores', 'raw'] as const;
export type Format = (typeof FORMATS)[number];

/** <Value>: a number a run of this chapter published, in the prose. */
export const ValueProps = z.strictObject({
  /** The published value. */
  name: valueName,
  /** The article's number (65514 or "65,514"): a differing measurement is noted on the page and fails verify. */
  pin: z
    .union([z.number(), z.string()])
    .transform(readPin)
    .meta(help({ takes: "the article's number", write: 'pin={65514}' }))
    .optional(),
  /** How it reads. @default "int" */
  format: z
    .enum(FORMATS)
    .meta(help({ takes: 'a format', write: 'format="bytes"', plural: 'formats' }))
    .optional(),
});

/** <Table>: a table a run published as {columns, rows}. */
export const TableProps = z.strictObject({
  /** The published table. */
  name: valueName,
  /** Above the table; also its accessible name. @default the table's name */
  caption: caption.optional(),
});

/** <BisectChart>: a published bisection, [{size, hung}], one dot a step. */
export const BisectChartProps = z.strictObject({
  /** The published steps. */
  name: valueName,
  /** Under the chart. @default "Bisection in N steps" */
  caption: caption.optional(),
});

/**
 * <Quiet name="…">a claim</Quiet>: a claim a measurement supports only on a quiet machine; when the
 * run that published `name` started on a busy one, a visible note takes its place.
 */
export const QuietProps = z.strictObject({
  /** A value the claim rests on: its run's load average decides. */
  name: valueName,
});

/** <Cite>: a source the story draws on, named once in src/components/sources.ts. */
export const CiteProps = z.strictObject({
  /** Which source. */
  source: z
    .enum(Object.keys(SOURCES) as [SourceName, ...SourceName[]])
    .meta(
      help({ takes: 'a known source', write: 'source="article"', values: Object.keys(SOURCES), plural: 'sources' }),
    ),
});

/** <Timeline>: what each thread of a run did over time. */
export const TimelineProps = z.strictObject({
  /** The id of a <Run> of this chapter. */
  run: runId.meta(help({ takes: 'the id of a <Run> in this chapter', write: 'run="bob-hang"' })),
  /** Under the timeline. @default "What each thread of FILE was doing, as the watcher saw it" */
  caption: caption.optional(),
});

/** <Article>: a number quoted from the source story, marked as such. */
export const ArticleProps = z.strictObject({
  /** The number as the article prints it: {65514} or "65,514". */
  n: z.union([z.number(), z.string()]).meta(help({ takes: "the article's number", write: 'n="65,514"' })),
});

/** Every component a chapter may use, by tag: exactly what src/pages/[chapter].astro provides. */
export const COMPONENTS = {
  Run: RunProps,
  Value: ValueProps,
  Table: TableProps,
  BisectChart: BisectChartProps,
  Cite: CiteProps,
  Timeline: TimelineProps,
  Article: ArticleProps,
  Quiet: QuietProps,
  ...TEACHING,
} as const;
export type ComponentName = keyof typeof COMPONENTS;

/** For the teaching components: which props name published values, checked at file:line when collected. */
export const VALUE_PROPS: Partial<Record<ComponentName, readonly string[]>> = TEACHING_VALUES;

/** What a chapter writes on a component: the component's Astro `Props`. */
export type PropsOf<C extends ComponentName> = z.input<(typeof COMPONENTS)[C]>;
/** What the component works with once its props are parsed. */
export type ParsedProps<C extends ComponentName> = z.output<(typeof COMPONENTS)[C]>;

export function isComponent(name: string): name is ComponentName {
  return Object.hasOwn(COMPONENTS, name);
}

/** A component's props, parsed with its schema; a mistake throws a PropError with a hint. */
export function readProps<C extends ComponentName>(component: C, props: unknown): ParsedProps<C> {
  return parseProps(component, COMPONENTS[component], props) as ParsedProps<C>;
}
