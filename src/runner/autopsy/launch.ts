// What the engine adds to a run's launch so stacks can be taken later without changing the
// snippet: a Python startup hook (sitecustomize) and a Node preload, both armed on SIGUSR2.
import { fileURLToPath } from 'node:url';
import { warmPython } from './channels.ts';

/** The signal both hooks listen on: Python and Node leave it free (Node's inspector uses SIGUSR1). */
export const STACKS_SIGNAL = 'SIGUSR2';

export const pythonHookDir = fileURLToPath(new URL('./python', import.meta.url));
export const nodeHook = fileURLToPath(new URL('./node/report-hook.cjs', import.meta.url));

/**
 * Environment (and Node arguments) to add to a run. Both hooks go in whatever the snippet's
 * language: a TypeScript snippet may start Python and a Python one may start Node, and the
 * variables are inherited by every descendant, forked or spawned.
 */
export function autopsyLaunch(
  language: 'py' | 'ts',
  stacksDir: string,
): { env: Record<string, string>; nodeArgs: string[] } {
  void language;
  void warmPython();
  return {
    env: {
      HANGTIME_STACKS_DIR: stacksDir,
      PYTHONPATH: pythonHookDir,
      NODE_OPTIONS: `--require="${nodeHook.replace(/(["\\])/g, '\\$1')}"`,
    },
    nodeArgs: [],
  };
}
