// The pipe model drawn as HTML: the pipe's page slots filling (each slot's bytes stacked by
// message and part, with its byte count written in it and a sentence for screen readers), and
// who waits for whom. One function for the page at build time and the browser after a change,
// so the static state and the live one cannot drift apart.
import type { ModelState } from './pipe-model.ts';
import { count, slotText } from './pipe-words.ts';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** More slots than this are drawn small, without a number in each (the list still says it). */
export const LABELLED_SLOTS = 32;

function slotHtml(state: ModelState, index: number, page: number): string {
  const slot = state.slots[index];
  const used = slot?.used ?? 0;
  const fill = used === page ? 'full' : used === 0 ? 'empty' : 'partial';
  const pieces = (slot?.pieces ?? [])
    .map((p) => {
      const share = ((p.bytes / page) * 100).toFixed(2);
      const parity = p.message % 2 ? 'odd' : 'even';
      return `<span class="pm-piece pm-${p.part} pm-${parity}" style="--share:${share}%"></span>`;
    })
    .join('');
  const number =
    state.count <= LABELLED_SLOTS ? `<span class="pm-num" aria-hidden="true">${int.format(used)}</span>` : '';
  return (
    `<li class="pm-slot" data-fill="${fill}"><span class="pm-bar" aria-hidden="true">${pieces}</span>${number}` +
    `<span class="pm-sr">${escape(slotText(slot, index))}</span></li>`
  );
}

/** Three lines: the feeder, the child, the parent, each with what it is doing at the end. */
export function actors(state: ModelState): { who: string; doing: string; waits: boolean }[] {
  const { blocked, outcome, input } = state;
  const feeder =
    !blocked || input.getFirst
      ? 'wrote every frame'
      : input.cancel
        ? 'blocked in write() when the child left; it ended with the child'
        : 'blocked in write(): no page slot of the pipe is free';
  const child =
    outcome === 'hangs'
      ? 'exiting, waits for its feeder thread (join at exit)'
      : input.cancel
        ? 'exited without waiting for its feeder'
        : 'exited';
  const parent =
    outcome === 'hangs' ? 'waits in join() for the child' : input.getFirst ? 'read, then joined' : 'joined';
  const waits = outcome === 'hangs';
  return [
    { who: 'feeder thread', doing: outcome === 'race' ? 'writes until the child leaves' : feeder, waits },
    { who: 'child', doing: child, waits },
    { who: 'parent', doing: parent, waits },
  ];
}

export function slotsHtml(state: ModelState, page: number): string {
  const many = state.count > LABELLED_SLOTS ? ' pm-many' : '';
  const slots = Array.from({ length: state.count }, (_, i) => slotHtml(state, i, page)).join('');
  const label = `The pipe: ${count(state.count, 'slot')} of ${count(page, 'byte')}, ${count(state.held, 'byte')} held`;
  const who = actors(state)
    .map((a) => `<li data-waits="${a.waits}"><strong>${escape(a.who)}</strong>: ${escape(a.doing)}</li>`)
    .join('');
  return `<ol class="pm-slots${many}" aria-label="${escape(label)}">${slots}</ol><ul class="pm-actors">${who}</ul>`;
}
