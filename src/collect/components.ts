// The components a chapter may use, one zod schema each. The collector (build, CLI, verify)
// validates every tag with its schema; the component parses its Astro.props with the same
// schema (src/components/props.ts), so a page renders exactly the run and value that were
// checked. COMPONENTS is what src/pages/[chapter].astro provides, no more.
import { z } from 'zod';
import { RUN_ID } from '../frozen/identity.ts';
import { EXPECTATIONS, RunOptions, parseDuration, parseExpect, type RunOptionsInput } from '../runner/schema.ts';
import { SOURCES, type SourceName } from '../components/sources.ts';
import { readPin } from './pin.ts';
import { caption, text, valueName } from './prop-kinds.ts';
import { help, parseProps } from './props.ts';
import { TEACHING, TEACHING_VALUES } from './teaching.ts';

/** How a published number reads in prose (src/components/format.ts). */
export const FORMATS = ['int', 'bytes', 'ms', 's', 'x', 'raw'] as const;
export type Format = (typeof FORMATS)[number];

/** What of a snippet a <Run> shows. */
export const SHOW_VALUES = ['all', 'region', 'none'] as const;
export type Show = (typeof SHOW_VALUES)[number];

/** What a chapter says about one run: the engine's options plus how to show it. */
export interface RunSpec {
  /** Path relative to the snippet root (runnable/), e.g. 01-…/bob.py */
  src: string;
  /** Only the options the chapter wrote: the engine fills in its defaults. */
  options: RunOptionsInput;
  id?: string;
  region?: string;
  show: Show;
  title?: string;
  /** The autopsy under the run starts open (the prose refers to it). @default closed */
  autopsyOpen?: boolean;
}

const snippetPath = z
  .string()
  .refine((src) => /\.(py|ts)$/.test(src) && !src.startsWith('/') && !src.split('/').includes('..'))
  .meta(help({ takes: 'a .py or .ts file relative to runnable/, without ".."', write: 'src="01-chapter/file.py"' }));

const runId = z
  .string()
  .regex(RUN_ID)
  .meta(help({ takes: 'an id of letters, digits, "-", "_" or "."', write: 'id="bob-hang"' }));

const expectation = z
  .string()
  .transform((text, ctx) => {
    try {
      return parseExpect(text);
    } catch (error) {
      // The engine says why a known kind is malformed ("exit takes a whole number…").
      const detail = /^expectation '.*?': (.*)$/.exec((error as Error).message)?.[1];
      ctx.addIssue({ code: 'custom', message: 'not an expectation', params: { detail } });
      return z.NEVER;
    }
  })
  .meta(help({ takes: 'an expectation', write: 'expect="hang"', values: EXPECTATIONS, plural: 'expectations' }));

const duration = z
  .string()
  .transform((text, ctx) => {
    try {
      return parseDuration(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a duration' });
      return z.NEVER;
    }
  })
  .meta(help({ takes: 'a duration above zero with a unit ("500ms", "60s" or "2m")', write: 'timeout="60s"' }));

const quietMs = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().positive())
  .meta(help({ takes: 'a whole number of milliseconds above zero', write: 'quietMs={200}' }));

/** A bare prop (`alone`) is true; "true"/"false" as text are read as booleans. */
const flag = (prop: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')])
    .meta(help({ takes: 'true or false', write: `${prop} (the bare word) or ${prop}={false}` }));

/** <Run>: a snippet executed when the site builds; its source, its output and what happened. */
export const RunProps = z
  .strictObject({
    /** The snippet: a .py or .ts file relative to runnable/. */
    src: snippetPath,
    /** Names the run: its frozen file, its anchor (#run-ID), what <Timeline run> points at. */
    id: runId.optional(),
    /** What the run must do: exit, exit=N, hang, stuck, waiting, signal=NAME or timeout. @default "exit" */
    expect: expectation.optional(),
    /** Arguments after the snippet path. @default [] */
    args: RunOptions.shape.args
      .unwrap()
      .meta(help({ takes: 'an array of strings', write: 'args={["--size", "100"]}' }))
      .optional(),
    /** The backstop: the run is killed as a timeout after this long. @default "60s" */
    timeout: duration.optional(),
    /** How long the tree must stay quiet (and blocked) before a hang is confirmed. @default 40 */
    quietMs: quietMs.optional(),
    /** How long part of the tree must sit provably stuck beside pollers before the run ends as stuck. @default "3s" */
    stuckAfter: duration.optional(),
    /** How long a tree blocked only on something outside the run may wait before it ends as waiting. @default none */
    waitBound: duration.optional(),
    /** The region of the snippet to show (`region NAME` / `endregion` comment lines). */
    region: text('a region name', 'region="NAME"').optional(),
    /** What of the snippet to show. @default "region" with a region, else "all" */
    show: z
      .enum(SHOW_VALUES)
      .meta(help({ takes: 'a way to show the snippet', write: 'show="all"', plural: 'ways to show it' }))
      .optional(),
    /** The heading above the run. @default the snippet's file name */
    title: text('text', 'title="A short heading"').optional(),
    /** How the autopsy under a hung run starts: "open" when the prose refers to it. @default "closed" */
    autopsy: z
      .enum(['open', 'closed'])
      .meta(help({ takes: 'how the autopsy starts', write: 'autopsy="open"', plural: 'ways' }))
      .optional(),
    /** Run with nothing else in flight (the run measures time). @default false */
    alone: flag('alone').optional(),
    /** Python's stdout buffering: "unbuffered" shows what a terminal shows. @default "unbuffered" */
    pythonBuffering: RunOptions.shape.pythonBuffering
      .unwrap()
      .meta(help({ takes: 'a buffering mode', write: 'pythonBuffering="default"', plural: 'modes' }))
      .optional(),
    /** Processes left alive after the main one exits are expected (killed, not a failure). @default false */
    allowLeftovers: flag('allowLeftovers').optional(),
    /** Ask programs for ANSI colour instead of none. @default false */
    color: flag('color').optional(),
  })
  .transform((props, ctx): RunSpec => {
    const { src, id, region, title } = props;
    const show = props.show ?? (region ? 'region' : 'all');
    if (show === 'region' && !region) {
      const hint = 'Add region="NAME" (marked in the snippet by region NAME / endregion comments).';
      ctx.addIssue({ code: 'custom', message: 'show="region" needs a region', params: { hint } });
      return z.NEVER;
    }
    const given: RunOptionsInput = {
      expect: props.expect,
      args: props.args,
      timeoutMs: props.timeout,
      quietMs: props.quietMs,
      stuckMs: props.stuckAfter,
      waitBoundMs: props.waitBound,
      pythonBuffering: props.pythonBuffering,
      alone: props.alone,
      allowLeftovers: props.allowLeftovers,
      color: props.color,
    };
    const options = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as RunOptionsInput;
    return {
      src,
      options,
      show,
      ...(id && { id }),
      ...(region && { region }),
      ...(title !== undefined && { title }),
      ...(props.autopsy === 'open' && { autopsyOpen: true }),
    };
  });

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

/** <FitCalculator>: whether a message of some size fits the pipe, from published values. */
export const FitCalculatorProps = z.strictObject({
  /** Published fit models (the pipe, its page slots and each kind's frame sizes: src/components/fit.ts), one a serializer. */
  models: z
    .array(z.string().min(1))
    .min(1)
    .meta(
      help({
        takes: 'an array of published fit models',
        write: 'models={["fit_model_python", "fit_model_ts"]}',
      }),
    ),
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
  FitCalculator: FitCalculatorProps,
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
