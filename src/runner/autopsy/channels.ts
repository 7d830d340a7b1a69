// The autopsy's helper, warmed when a tree first looks stuck (run/supervise.ts): the one python3
// helper of waits/unix-diag.ts, loaded only then, so a run that never hangs loads none of it.

/**
 * Starts the helper once per engine process (resolving the real python3 first), and says whether
 * it runs. A run that never looks stuck starts none and loads none of its code.
 */
export async function warmHelper(): Promise<boolean> {
  const { warmUnixDiag } = await import('../waits/unix-diag.ts');
  return warmUnixDiag();
}
