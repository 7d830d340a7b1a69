// Waiting, the one way: a promise that resolves after `ms` milliseconds.

/** Resolves after `ms` milliseconds (a timer; keeps the event loop alive while it runs). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `work`, or `late()` if it has not settled after `ms` milliseconds. The timer is cleared as soon
 * as either happens, so a race never keeps the process alive after the work is done.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
