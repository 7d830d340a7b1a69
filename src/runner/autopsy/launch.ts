// What the engine adds to a run's launch so stacks can be taken later without changing the
// snippet: a Python startup hook (sitecustomize) and a Node preload, both armed on SIGSTKFLT (stacks.ts).
// Only environment variables: nothing is started here (the pipe-fill helper starts when a tree
// first looks stuck, see channels.ts).
import { fileURLToPath } from 'node:url';

export const pythonHookDir = fileURLToPath(new URL('./python', import.meta.url));
export const nodeHook = fileURLToPath(new URL('./node/report-hook.cjs', import.meta.url));

/**
 * Environment to add to a run. Both hooks go in whatever the snippet's language: a TypeScript
 * snippet may start Python and a Python one may start Node, and the variables are inherited by
 * every descendant, forked or spawned.
 */
export function autopsyLaunch(stacksDir: string): Record<string, string> {
  return {
    HANGTIME_STACKS_DIR: stacksDir,
    PYTHONPATH: pythonHookDir,
    NODE_OPTIONS: `--require="${nodeHook.replace(/(["\\])/g, '\\$1')}"`,
  };
}
