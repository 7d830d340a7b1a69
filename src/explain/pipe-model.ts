// A model of Bob's queue: a child put()s messages, its feeder thread writes each frame into the
// pipe by the slot rule (pipe-slots.ts), and the parent either reads first or joins first. Every
// number comes from facts measured by runs (facts are read from published values by
// pipe-facts.ts); this file only combines them. Pure: the page renders it at build time and the
// browser runs the same code when the reader changes the form.
import { bytesHeld, feederWrites, writeInto, type Slot } from './pipe-slots.ts';

/** A kind of message: what one more item costs, and payloads measured for some sizes. */
export interface Kind {
  id: string;
  perItem: number;
  /** Measured pickles of this kind: items → payload bytes. */
  anchors: { items: number; payload: number }[];
}

export interface ModelFacts {
  page: number;
  /** The size a new pipe gets. */
  pipe: number;
  /** The sizes a reader may choose, smallest first (the default among them). */
  pipeSizes: number[];
  /** The largest pipe an unprivileged process may ask for, when known. */
  largest?: number;
  /** Above this payload size the feeder writes the header alone, then the payload. */
  threshold: number;
  /** The length header in front of every payload, in bytes. */
  header: number;
  kinds: Kind[];
}

export interface ModelInput {
  kind: string;
  items: number;
  messages: number;
  pipe: number;
  /** The parent calls get() for every message before join(). */
  getFirst: boolean;
  /** The child calls cancel_join_thread() before it returns. */
  cancel: boolean;
}

export type Outcome = 'exits' | 'hangs' | 'loses' | 'race';

export interface ModelState {
  input: ModelInput;
  /** The pickle's size, and whether a run measured exactly this message (else estimated). */
  payload: number;
  exact: boolean;
  frame: number;
  /** The feeder writes header and payload separately. */
  split: boolean;
  slots: Slot[];
  count: number;
  held: number;
  /** Messages wholly in the pipe. */
  whole: number;
  /** The write the feeder sleeps in: which message, how much of its frame is in, how much waits. */
  blocked: { message: number; written: number; left: number } | null;
  /** Messages the feeder has not begun to write (still in the queue's buffer). */
  buffered: number;
  outcome: Outcome;
  /** Messages lost when the child leaves (for 'loses'; at best, see pipe-words.ts). */
  lost: number;
}

/** The payload of `items` items of a kind: from the nearest measured message, one item at a time. */
export function payloadOf(kind: Kind, items: number): { payload: number; exact: boolean } {
  const nearest = kind.anchors.reduce((a, b) => (Math.abs(b.items - items) < Math.abs(a.items - items) ? b : a));
  return {
    payload: Math.max(1, nearest.payload + (items - nearest.items) * kind.perItem),
    exact: nearest.items === items,
  };
}

export function findKind(facts: ModelFacts, id: string): Kind {
  const kind = facts.kinds.find((k) => k.id === id);
  if (!kind) throw new Error(`no kind of message "${id}" (known: ${facts.kinds.map((k) => k.id).join(', ')})`);
  return kind;
}

/** What the feeder manages to write before it would wait for a reader. */
function fill(facts: ModelFacts, input: ModelInput, payload: number) {
  const geometry = { page: facts.page, count: Math.floor(input.pipe / facts.page) };
  const slots: Slot[] = [];
  const writes = feederWrites(facts.header, payload, facts.threshold);
  for (let message = 0; message < input.messages; message++) {
    let written = 0;
    for (const write of writes) {
      const got = writeInto(slots, write.bytes, geometry, { message, part: write.part });
      written += got;
      if (got < write.bytes) {
        const frame = facts.header + payload;
        return { slots, geometry, whole: message, blocked: { message, written, left: frame - written } };
      }
    }
  }
  return { slots, geometry, whole: input.messages, blocked: null };
}

function outcomeOf(input: ModelInput, blocked: boolean): Outcome {
  if (input.cancel) return input.getFirst ? 'race' : blocked ? 'loses' : 'exits';
  return input.getFirst || !blocked ? 'exits' : 'hangs';
}

export function runModel(facts: ModelFacts, input: ModelInput): ModelState {
  const { payload, exact } = payloadOf(findKind(facts, input.kind), input.items);
  const { slots, geometry, whole, blocked } = fill(facts, input, payload);
  const outcome = outcomeOf(input, blocked !== null);
  const started = whole + (blocked ? 1 : 0);
  return {
    input,
    payload,
    exact,
    frame: facts.header + payload,
    split: payload > facts.threshold,
    slots,
    count: geometry.count,
    held: bytesHeld(slots),
    whole,
    blocked,
    buffered: input.messages - started,
    outcome,
    lost: outcome === 'loses' ? input.messages - whole : 0,
  };
}

/** The longest message of a kind (in items) whose frames all fit a pipe of `pipe` bytes unread. */
export function longestThatFits(facts: ModelFacts, kind: string, pipe: number, messages = 1): number {
  const fits = (items: number) =>
    runModel(facts, { kind, items, messages, pipe, getFirst: false, cancel: false }).blocked === null;
  let lo = 0; // fits
  let hi = Math.ceil(pipe / findKind(facts, kind).perItem) + 1; // cannot fit: more data than the pipe
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
