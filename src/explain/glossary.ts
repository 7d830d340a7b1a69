// The system words the book uses, defined once. A TypeScript module, not a content collection:
// the <Term> schema (checked by the collector at file:line), the glossary page, the autopsy and
// the timeline all import it, in and out of Astro, and a unit test checks every cross-reference.
// Definitions state what these things are, never a number measured on one machine. The entries
// are kept by subject (glossary/kernel.ts, glossary/runtimes.ts; hangtime's own words here);
// GLOSSARY is all of them (the glossary page sorts them by term).
import { KERNEL_TERMS } from './glossary/kernel.ts';
import { NODE_TERMS, PYTHON_TERMS } from './glossary/runtimes.ts';

export interface Entry {
  /** The anchor on the glossary page and what <Term id="…"> names. */
  id: string;
  /** The word as a heading shows it. */
  term: string;
  /** One sentence: what a tooltip shows. */
  short: string;
  /** The full definition (plain text; `code` in backticks). */
  long: string;
  /** Other entries worth reading next. */
  see?: string[];
  /** Words in the autopsy and timeline that mean this entry (kernel function and syscall names). */
  words?: string[];
}

/** hangtime's own words: how it holds a run's processes, and what it calls a hang. */
const HANGTIME_TERMS = [
  {
    id: 'subreaper',
    term: 'subreaper',
    short: 'A process that adopts its orphaned descendants instead of init, so it can still see and end them.',
    long:
      'When a process dies, its children are normally re-parented to PID 1. A process marked with ' +
      "`prctl(PR_SET_CHILD_SUBREAPER)` gets them instead: hangtime's launcher is one, so a grandchild whose parent " +
      "died is still in the run's tree, watched and killed with it.",
    see: ['fork', 'proc'],
    words: ['subreaper'],
  },
  {
    id: 'hang',
    term: 'hang',
    short:
      'A program that can never make progress by itself: every thread blocked, without a timeout, on something only ' +
      'the program could end.',
    long:
      'hangtime calls a run hung only when every program thread sleeps in an untimed wait, no CPU time is spent, and ' +
      'each wait can be ended only by threads of the run that are themselves blocked: a closed cycle of waits. A ' +
      'timer, a busy loop or a wait on something outside the run is not a hang.',
    see: ['state-s', 'wchan'],
  },
] as const satisfies readonly Entry[];

export const GLOSSARY = [...KERNEL_TERMS, ...PYTHON_TERMS, ...NODE_TERMS, ...HANGTIME_TERMS] as const;

export type TermId = (typeof GLOSSARY)[number]['id'];
export const TERM_IDS = GLOSSARY.map((e) => e.id) as [TermId, ...TermId[]];

export function entry(id: string): Entry | undefined {
  return (GLOSSARY as readonly Entry[]).find((e) => e.id === id);
}
