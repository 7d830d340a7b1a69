// Runs a fixture through the engine until it is confirmed hung, and returns its autopsy raw
// and normalized, after checking that the engine left no process of the fixture behind.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSnippet, type RunResult } from '../../../src/runner/index.ts';
import { normalizeAutopsy, parseAutopsy, type Autopsy } from '../../../src/runner/autopsy/index.ts';

export const fixtures = fileURLToPath(new URL('../../fixtures/autopsy/', import.meta.url));

/** Pids of live processes whose command line mentions the path. */
export function alive(path: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1');
      const state = readFileSync(`/proc/${name}/stat`, 'latin1').split(') ')[1]?.[0];
      if (cmd.includes(path) && state !== 'Z') out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

export async function hungAutopsy(
  fixture: string,
  args: string[] = [],
): Promise<{ raw: Autopsy; norm: Autopsy; result: RunResult }> {
  const file = fixtures + fixture;
  const result = await runSnippet(file, { expect: { kind: 'hang' }, args, timeoutMs: 20_000 });
  assert.equal(result.outcome.kind, 'hang', `${fixture} should hang; got ${JSON.stringify(result.outcome)}`);
  assert.deepEqual(alive(file), [], `${fixture}: processes left behind`);
  const raw = parseAutopsy(result.autopsy);
  assert.ok(raw, `${fixture}: no autopsy in the result: ${JSON.stringify(result.autopsy)}`);
  assert.equal(raw.available, true);
  return { raw, norm: normalizeAutopsy(raw), result };
}
