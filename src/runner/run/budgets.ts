// Every time budget of a run, in one place (milliseconds). Each says what it protects.

/** After the main process exits, how long its descendants may take to finish on their own. */
export const LEFTOVER_GRACE_MS = 300;
/** SIGTERM to SIGKILL, when the engine ends a run that is not hung (timeout, limit, abort). */
export const KILL_GRACE_MS = 100;
/**
 * After the main process exits, how long to wait for its launcher to say nothing is left below it
 * (it says so at once when that is true) before the grace above looks for leftovers in /proc.
 */
export const EMPTY_WAIT_MS = 20;
/** SIGTERM to SIGKILL for leftovers of a program that already exited. */
export const LEFTOVER_KILL_GRACE_MS = 50;
/** The autopsy never keeps a hung tree alive longer than this; then the kill comes. */
export const AUTOPSY_LIMIT_MS = 3000;
/** After the kill, how long to wait for the output pipes to reach end-of-file. */
export const EOF_GRACE_MS = 500;
/** At a timeout, the most the last judgement of the wait-for graph may take before the kill. */
export const FINAL_JUDGEMENT_MS = 2000;
/** How often the watcher samples the tree. */
export const SAMPLE_INTERVAL_MS = 20;
