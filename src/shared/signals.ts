// Signal names both ways. Some numbers have two names (6: SIGABRT and SIGIOT, 29: SIGIO and
// SIGPOLL); a number is named by its first name in os.constants.signals, the one Node gives a
// child's exit, and two names are the same signal when their numbers are.
import { constants } from 'node:os';

const names = new Map<number, NodeJS.Signals>();
for (const [name, n] of Object.entries(constants.signals)) if (!names.has(n)) names.set(n, name as NodeJS.Signals);

/** The name of signal number `n` (SIGABRT for 6, never SIGIOT), or null for a number this platform lacks. */
export function signalName(n: number): NodeJS.Signals | null {
  return names.get(n) ?? null;
}

/** Whether two signal names are the same signal on this platform (SIGIOT and SIGABRT are). */
export function sameSignal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const sig = constants.signals as Record<string, number>;
  return a === b || (Object.hasOwn(sig, a) && Object.hasOwn(sig, b) && sig[a] === sig[b]);
}
