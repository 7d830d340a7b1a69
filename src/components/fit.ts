// The arithmetic of chapter 5's calculator, apart from the page so it can be tested: the
// frame of a message from the pieces a run published, the writes the queue makes for it,
// and where those writes stop in a pipe of page slots (the rule of runnable/lib/pipeslots.ts).
import { writeInto } from '../../runnable/lib/pipeslots.ts';

/** One kind of message, as a run published it: frame(n) = perItem * n + offset on each piece. */
export interface FitKind {
  label: string;
  /** The largest n a real child could put and still exit (measured). */
  largest: number;
  perItem: number;
  /** Frame sizes are known for n = 0..top. */
  top: number;
  pieces: [number, number, number][];
  /** Whether the run found its pieces equal to the real serializer at every size it sampled. */
  checked?: boolean;
}

/**
 * A queue and the pipe its run measured. threshold: the largest pickle sent with its length in one
 * write; null = always one write.
 */
export interface FitModel {
  queue: string;
  page: number;
  slots: number;
  threshold: number | null;
  kinds: FitKind[];
}

export type FitAnswer =
  | { kind: 'invalid'; text: string }
  | { kind: 'fits' | 'stuck'; text: string; frame: number; held: number; waiting: number };

const number = new Intl.NumberFormat('en-US');
const count = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;
export const MAX_MESSAGES = 1000;

/** The answer for `items` (as typed) items of `kind`, put `messages` (as typed) times on a queue nobody reads. */
export function answer(model: FitModel, kind: FitKind, items: string, messages: string): FitAnswer {
  const n = Number(items);
  const m = Number(messages);
  if (items.trim() === '' || !Number.isInteger(n) || n < 0 || n > kind.top) {
    return {
      kind: 'invalid',
      text:
        `Type a whole number of items from 0 to ${number.format(kind.top)}: ` +
        `the frame sizes of “${kind.label}” messages are known up to there (twice the pipe).`,
    };
  }
  if (messages.trim() === '' || !Number.isInteger(m) || m < 1 || m > MAX_MESSAGES) {
    return { kind: 'invalid', text: `Type a whole number of messages from 1 to ${number.format(MAX_MESSAGES)}.` };
  }
  const piece = kind.pieces.find(([first, last]) => first <= n && n <= last)!;
  const frame = kind.perItem * n + piece[2];
  const payload = frame - 4;
  const writes = model.threshold !== null && payload > model.threshold ? [4, payload] : [frame];
  const slots: number[] = [];
  let held = 0;
  let whole = 0;
  fill: for (let i = 0; i < m; i++) {
    for (const size of writes) {
      const taken = writeInto(slots, size, model.page, model.slots);
      held += taken;
      if (taken < size) break fill;
    }
    whole++;
  }
  const total = frame * m;
  const amount = /(^|· )(str|string)$/.test(kind.label)
    ? count(n, 'character', 'characters')
    : count(n, 'item', 'items');
  const what = m === 1 ? `a message of ${amount}` : `${number.format(m)} messages of ${amount}`;
  const written = writes.length === 2 ? ', written as the 4-byte length and then the rest' : ', written at once';
  const framed = `${m === 1 ? 'Its frame is' : 'Each frame is'} ${count(frame, 'byte', 'bytes')}${written}`;
  const capacity = model.page * model.slots;
  const byBytes = Math.floor(capacity / frame);
  const bytesSay =
    m > 1 && Math.min(byBytes, m) !== whole
      ? ` Counting bytes alone (${number.format(capacity)} ÷ ${number.format(frame)}) ` +
        `would have said ${count(Math.min(byBytes, m), 'message fits', 'messages fit')}.`
      : '';
  if (whole === m) {
    return {
      kind: 'fits',
      frame,
      held,
      waiting: 0,
      text:
        `Fits. ${framed}; ${m === 1 ? 'it takes' : 'together they take'} ` +
        `${number.format(slots.length)} of the ${number.format(model.slots)} page slots. ` +
        `A child that puts ${what} can exit even if nobody reads.${bytesSay}`,
    };
  }
  return {
    kind: 'stuck',
    frame,
    held,
    waiting: total - held,
    text:
      `Does not fit. ${framed}. The pipe takes ${count(held, 'byte', 'bytes')}` +
      `${m === 1 ? '' : ` (${count(whole, 'whole message', 'whole messages')})`} ` +
      `before every one of its ${number.format(model.slots)} page slots is used; ` +
      `the other ${count(total - held, 'byte waits', 'bytes wait')} in the child for a reader. ` +
      `A child that puts ${what} cannot exit until someone reads.${bytesSay}`,
  };
}
