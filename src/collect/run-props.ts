// The props of <Run>: a snippet executed when the site builds, and how the page shows it. What
// the chapter writes becomes a RunSpec: the engine's options (only those written) plus the view.
import { z } from 'zod';
import { EXPECTATIONS, RunOptions, parseDuration, parseExpect, type RunOptionsInput } from '../runner/schema.ts';
import { flag, runId, text } from './prop-kinds.ts';
import { help } from './props.ts';

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
  /** The whole transcript is shown, none of it folded away (the prose reads every part). */
  unfolded?: boolean;
}

const snippetPath = z
  .string()
  .refine((src) => /\.(py|ts)$/.test(src) && !src.startsWith('/') && !src.split('/').includes('..'))
  .meta(help({ takes: 'a .py or .ts file relative to runnable/, without ".."', write: 'src="01-chapter/file.py"' }));

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
    /**
     * Show the whole transcript, its middle not folded away: for output whose every part the prose
     * reads (up to 1,000 lines; the page's byte budget still holds). @default false
     */
    unfold: flag('unfold').optional(),
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
      ...(props.unfold && { unfolded: true }),
    };
  });
