// Reading an autopsy back from RunResult.autopsy (typed there as unknown).
import { Autopsy } from './schema.ts';

/** The autopsy in a result, or null when there is none or it has another shape (say an engine error). */
export function parseAutopsy(value: unknown): Autopsy | null {
  const r = Autopsy.safeParse(value);
  return r.success ? r.data : null;
}
