// The pipe model in words: what a reader typed (read strictly: a mistake is said, never clamped),
// what happened (exits, hangs, loses N messages) and why, and each slot's contents. Pure, shared
// by the page at build time and the browser.
import type { ModelState, Outcome } from './pipe-model.ts';
import type { Piece, Slot } from './pipe-slots.ts';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "1 byte", "2 bytes", "65,536 bytes". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${int.format(n)} ${n === 1 ? one : many}`;
}

/** How each kind of message is named, and what its items are. Unknown kinds read as themselves. */
// `of`: the words before "of N items" in a sentence ("a list of 50,000 ints"), when not the label.
const KINDS: Record<string, { label: string; of?: string; item: [string, string] }> = {
  str: { label: 'a str', item: ['character', 'characters'] },
  int: { label: 'a list of ints', of: 'a list', item: ['int', 'ints'] },
  float: { label: 'a list of floats', of: 'a list', item: ['float', 'floats'] },
  bool: { label: 'a list of bools', of: 'a list', item: ['bool', 'bools'] },
};

export const kindLabel = (id: string) => KINDS[id]?.label ?? id;
export const items = (id: string, n: number) => count(n, ...(KINDS[id]?.item ?? ['item', 'items']));
/** The word for one kind's items in a form label: "characters", "floats". */
export const itemWord = (id: string) => KINDS[id]?.item[1] ?? 'items';

export type Reading = { value: number; error?: undefined } | { value?: undefined; error: string };

/** A whole number typed into a form: anything else is an error that says what to type. */
export function readWhole(text: string, what: string, min: number, max: number): Reading {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { error: `Type how many ${what}.` };
  if (!/^[+-]?\d+$/.test(trimmed)) return { error: `“${text.trim()}” is not a whole number of ${what}.` };
  const value = Number(trimmed);
  if (value < min) {
    return { error: value < 0 ? `A count of ${what} cannot be negative.` : `At least ${int.format(min)}, please.` };
  }
  if (value > max) return { error: `At most ${int.format(max)} ${what} in this model.` };
  return { value };
}

const HEADLINES: Record<Outcome, string> = {
  exits: 'Exits',
  hangs: 'Hangs',
  loses: 'Exits, and loses messages',
  race: 'Exits; what arrives depends on timing',
};

export const headline = (s: ModelState) =>
  s.outcome === 'loses' ? `Exits, and loses ${count(s.lost, 'message')}` : HEADLINES[s.outcome];

/** The message, its frame and how the feeder writes it. */
export function frameSentence(s: ModelState, header: number): string {
  const { kind, items: n, messages } = s.input;
  const size = `${s.exact ? '' : 'about '}${count(s.frame, 'byte')}`;
  const how = s.split
    ? `the feeder writes the ${int.format(header)}-byte length alone, then the payload`
    : 'the feeder writes it in one write';
  const each = messages === 1 ? 'Its frame is' : `${count(messages, 'message')}; each frame is`;
  const estimate = s.exact ? '' : ' (estimated from the nearest measured message of this kind)';
  const what = KINDS[kind]?.of ?? kindLabel(kind);
  return `${what[0]!.toUpperCase()}${what.slice(1)} of ${items(kind, n)}. ${each} ${size}${estimate}: ${how}.`;
}

/** What happened, and the chain of waits when there is one. */
export function outcomeSentence(s: ModelState): string {
  const used = `${int.format(s.slots.length)} of its ${count(s.count, 'slot')}`;
  const pipe = `The pipe holds ${count(s.held, 'byte')} in ${used}`;
  const rest =
    s.buffered > 0 ? ` ${count(s.buffered, 'more message', 'more messages')} still wait in the queue's buffer.` : '';
  const b = s.blocked;
  const stuck = b
    ? ` The feeder is blocked writing message ${b.message + 1}: ${count(b.left, 'byte')} of it wait for room.${rest}`
    : '';
  switch (s.outcome) {
    case 'exits':
      if (s.input.getFirst) {
        const all = s.input.messages === 1 ? 'the message arrives' : `all ${count(s.input.messages, 'message')} arrive`;
        return (
          'The parent reads while the feeder writes, so no write waits for long: ' +
          `${all}, the child exits, join() returns.`
        );
      }
      const atBest = s.input.cancel
        ? ' With cancel_join_thread() this is at best: ' +
          'a child that leaves before its feeder has written loses what is unwritten.'
        : '';
      const waiting = s.whole === 1 ? 'the message waits' : `the ${count(s.whole, 'message')} wait`;
      return (
        `${pipe}: every frame fits. The feeder finishes, the child's exit joins it at once, ` +
        `the parent's join() returns; ${waiting} in the pipe for a get().${atBest}`
      );
    case 'hangs':
      return (
        `${pipe}.${stuck} The child, exiting, waits for its feeder; the feeder waits for a reader; ` +
        'the parent waits in join() for the child. Nobody reads: it hangs.'
      );
    case 'loses':
      return (
        `${pipe}.${stuck} cancel_join_thread(): the child exits without waiting for its feeder, ` +
        "and the parent's join() returns. At best (the feeder wrote all it could first) " +
        `${count(s.whole, 'whole message reaches', 'whole messages reach')} the parent ` +
        `and ${count(s.lost, 'message is', 'messages are')} lost${partLeft(b)}.`
      );
    case 'race':
      return (
        'The parent reads, but cancel_join_thread() lets the child leave without waiting for its feeder: ' +
        'whatever the feeder has not written by then is lost, and a get() for a lost message waits forever. ' +
        'How much is lost depends on timing, which this model cannot decide.'
      );
  }
}

/** A message the feeder was writing when the child left: the part of it left in the pipe. */
function partLeft(b: ModelState['blocked']): string {
  if (!b || b.written <= 0) return '';
  const bytes = count(b.written, 'byte');
  return `, ${bytes} of one of them left in the pipe: a get() for it would wait forever for the rest`;
}

const PART: Record<Piece['part'], string> = { header: 'length', payload: 'payload', frame: 'frame' };

/** "slot 3: 4,096 bytes of message 1's payload", "slot 16: empty". */
export function slotText(slot: Slot | undefined, index: number): string {
  if (!slot || slot.used === 0) return `slot ${index + 1}: empty`;
  const pieces = slot.pieces.map((p) => `${count(p.bytes, 'byte')} of message ${p.message + 1}'s ${PART[p.part]}`);
  return `slot ${index + 1}: ${pieces.join(', then ')}`;
}
