// The conditions a measurement was taken in, and whether they let it mean anything. The engine
// records the load average (1, 5, 15 minutes) when a run starts and the machine's core count; a
// value published with `quiet: true` (a speed-up, cores busy) means something only when the
// machine was quiet. Quiet here: a one-minute load average of at most half the cores, so that
// two workers on two cores find their cores free. The one-minute average lags: after heavy work
// a machine reads busy for a minute or two; that errs on the side of a note, never of a claim.

/** At most this much one-minute load per core counts as quiet. */
export const QUIET_LOAD_PER_CORE = 0.5;

export interface Conditions {
  /** true quiet · false busy · null unknown (the load was not recorded). */
  quiet: boolean | null;
  load1: number | null;
  cpus: number | null;
  /** "a load average of 7.88 on 2 cores" / "an unrecorded load". */
  words: string;
}

/** The conditions of a run from its recorded host (a RunResult's or a frozen record's). */
export function conditionsOf(host: unknown): Conditions {
  const h = (host ?? {}) as { load?: unknown; cpus?: unknown };
  const cpus = typeof h.cpus === 'number' && h.cpus > 0 ? h.cpus : null;
  const load1 = Array.isArray(h.load) && typeof h.load[0] === 'number' ? h.load[0] : null;
  if (load1 === null || cpus === null) return { quiet: null, load1, cpus, words: 'an unrecorded load' };
  return {
    quiet: load1 <= cpus * QUIET_LOAD_PER_CORE,
    load1,
    cpus,
    words: `a load average of ${load1.toFixed(2)} on ${cpus} core${cpus === 1 ? '' : 's'}`,
  };
}

/** What a page says in place of a quiet measurement taken on a busy (or unknown) machine. */
export function busyNote(c: Conditions, what = 'This measurement'): string {
  const when =
    c.quiet === null
      ? 'the load of the machine that ran it was not recorded'
      : `the machine that ran it was busy (${c.words}; quiet means at most ${QUIET_LOAD_PER_CORE} per core)`;
  return (
    `${what} means something only on a quiet machine, and ${when}: its numbers say nothing here. ` +
    'Run the snippet yourself on a quiet machine to see it.'
  );
}
