// The teaching components' props, one zod schema each (see components.ts for how schemas are
// used): figures drawn from published values, a glossary link and a predict-then-reveal.
import { z } from 'zod';
import { TERM_IDS } from '../explain/glossary.ts';
import { FACT_FORMS, parseFact } from './facts.ts';
import { caption, flag, runId, text, valueOf } from './prop-kinds.ts';
import { help } from './props.ts';

const bytes = (what: string, write: string) => valueOf(`the name of a published ${what}, in bytes`, write);

/** <PipeModel>: Bob's queue as a model the reader drives: message, pipe size, get() first, cancel. */
export const PipeModelProps = z.strictObject({
  /** The size a new pipe gets (slots.py: slots_pipe_bytes). */
  pipe: bytes('pipe size', 'pipe="slots_pipe_bytes"'),
  /** The page size: one slot of the pipe (slots.py: slots_page_size). */
  page: bytes('page size', 'page="slots_page_size"'),
  /** Above this payload size header and payload are two writes (header-page.py: hp_join_threshold). */
  threshold: bytes('join threshold', 'threshold="hp_join_threshold"'),
  /** What each kind of message costs (frame-sizes.py: frame_table). */
  frames: valueOf('the name of a published table of frames by type', 'frames="frame_table"'),
  /** str messages measured exactly (header-page.py: hp_table, columns chars and payload (bytes)). */
  strings: valueOf('the name of a published table of str messages', 'strings="hp_table"').optional(),
  /**
   * Messages pickled at the edge of each pipe size (model-facts.py: model_edges, columns type, items
   * and payload (bytes)): the model's exact anchors where one byte decides.
   */
  edges: valueOf('the name of a published table of edge messages', 'edges="model_edges"').optional(),
  /** More pipe sizes to choose from: a table with a "pipe size (bytes)" column (wall-moves.py). */
  sizes: valueOf('the name of a published table of pipe sizes', 'sizes="wall_table"').optional(),
  /** The largest pipe an unprivileged process may ask for (capacity.ts: pipe_max_size). */
  max: bytes('largest pipe size', 'max="pipe_max_size"').optional(),
  /** The row of `strings` (its message column) the model starts from. @default its last row */
  start: text('the message column of a row of the strings table', 'start="Bob\'s string"').optional(),
  /** Above the model. @default "Bob's queue, as a model you can change" */
  caption: caption.optional(),
});

/** <QueueDiagram>: put() → buffer → feeder → pickle → frame → the pipe's slots → get(), and the cycle of waits. */
export const QueueDiagramProps = z.strictObject({
  /** The pipe's size (what-ran.py: pipe_bytes, or slots_pipe_bytes). */
  pipe: bytes('pipe size', 'pipe="slots_pipe_bytes"'),
  page: bytes('page size', 'page="slots_page_size"'),
  /** How many page slots the pipe has (slots.py: slots_count). */
  slots: valueOf('the name of a published count of page slots', 'slots="slots_count"'),
  /** Bob's message on the pipe: length header + pickle (what-ran.py: message_bytes). */
  frame: bytes('frame size', 'frame="message_bytes"'),
  /** The pickle alone (header-page.py: hp_bob_payload); the header is frame − payload. */
  payload: bytes('payload size', 'payload="hp_bob_payload"'),
  /** What the pipe holds when the feeder blocks (header-page.py: hp_queue_bob_held). */
  held: bytes('count of bytes held', 'held="hp_queue_bob_held"'),
  /** Under the drawing. */
  caption: caption.optional(),
});

/** <ByteMap>: one small message's frame, byte by byte (byte-map.py: bytemap_hi and bytemap_hi_hex). */
export const ByteMapProps = z.strictObject({
  /** The published table of byte runs: offset, length, part, opcode, meaning. */
  name: valueOf('the name of a published byte map table', 'name="bytemap_hi"'),
  /** The published frame as hex bytes separated by spaces. */
  hex: valueOf('the name of the published hex of the frame', 'hex="bytemap_hi_hex"'),
  caption: caption.optional(),
});

/** <SourceLines>: the installed Python's lines that run the feeder join at exit (exit-code-path.py). */
export const SourceLinesProps = z.strictObject({
  /** The published table: step, what happens, file, line, function, code. */
  name: valueOf('the name of a published table of source lines', 'name="ecp_table"'),
  /** The interpreter's version (ecp_python_version). */
  version: valueOf('the name of the published Python version', 'version="ecp_python_version"'),
  /** Where its standard library is (ecp_stdlib). */
  stdlib: valueOf('the name of the published standard library path', 'stdlib="ecp_stdlib"').optional(),
  caption: caption.optional(),
});

/** <Term id="futex">futex</Term>: a word linked to its glossary entry, its short definition on hover and focus. */
export const TermProps = z.strictObject({
  id: z.enum(TERM_IDS).meta(help({ takes: 'a glossary entry', write: 'id="futex"', plural: 'entries' })),
});

/** One fact of the revealed run, as written: parsed (facts.ts) so that a mistake names the fact. */
const fact = z.string().transform((written, ctx) => {
  try {
    return parseFact(written);
  } catch (error) {
    const hint = `Facts look like: ${FACT_FORMS.map((f) => `"${f}"`).join(', ')}.`;
    ctx.addIssue({ code: 'custom', message: 'not a fact', params: { detail: (error as Error).message, hint } });
    return z.NEVER;
  }
});

/**
 * <Predict question="…" choices={[…]} answer={2} run="bob-hang" because={["hangs", …]}>…</Predict>:
 * the reader guesses, then opens what really happened. The chapter names the right choice and the
 * facts of the run inside that make it right; the build checks them against that run.
 */
export const PredictProps = z
  .strictObject({
    /** What the reader is asked. */
    question: text('the question', 'question="What will the parent print?"'),
    /** Two or more answers to pick from. */
    choices: z
      .array(z.string().min(1))
      .min(2)
      .meta(help({ takes: 'an array of two or more answers', write: 'choices={["It hangs", "It exits"]}' })),
    /** The right choice, counted from 1 (the first choice is 1). */
    answer: z
      .number()
      .int()
      .positive()
      .meta(help({ takes: "the right choice's number, counted from 1", write: 'answer={2}' })),
    /** The id of the <Run> inside this <Predict> whose facts decide it: the run the answer reveals. */
    run: runId.meta(help({ takes: 'the id of the <Run> inside this <Predict>', write: 'run="bob-hang"' })),
    /** What that run shows that makes the answer right, one fact a string (src/collect/facts.ts). */
    because: z
      .array(fact)
      .min(1)
      .meta(help({ takes: 'a list of facts of its run', write: 'because={["hangs", "prints worker ended"]}' })),
    /**
     * Its facts rest on timings (cores busy, a speed-up), which mean something only on a quiet machine:
     * a run on a busy one that does not show them leaves the prediction undecided, said on the page,
     * rather than stopping the build. Facts the run shows decide it on any machine. @default false
     */
    quiet: flag('quiet').optional(),
    /** The button that opens the answer. @default "Show what happened" */
    reveal: text('text', 'reveal="Run it"').optional(),
  })
  .superRefine((props, ctx) => {
    if (props.answer > props.choices.length)
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: 'no such choice',
        params: {
          detail: `it has ${props.choices.length} choices`,
          hint: `Give the right choice's number, 1 to ${props.choices.length}.`,
        },
      });
  });

export const TEACHING = {
  PipeModel: PipeModelProps,
  QueueDiagram: QueueDiagramProps,
  ByteMap: ByteMapProps,
  SourceLines: SourceLinesProps,
  Term: TermProps,
  Predict: PredictProps,
} as const;

/** The props of each teaching component that name published values (the collector checks them). */
export const TEACHING_VALUES: { [C in keyof typeof TEACHING]: (keyof z.output<(typeof TEACHING)[C]>)[] } = {
  PipeModel: ['pipe', 'page', 'threshold', 'frames', 'strings', 'edges', 'sizes', 'max'],
  QueueDiagram: ['pipe', 'page', 'slots', 'frame', 'payload', 'held'],
  ByteMap: ['name', 'hex'],
  SourceLines: ['name', 'version', 'stdlib'],
  Term: [],
  Predict: [],
};
