// Runs a fixture of tests/fixtures/autopsy through the engine until it is confirmed hung, and
// returns its autopsy raw and normalized, after checking that the engine left no process of the
// fixture behind. The facts are asserted in runner/autopsy, the words made of them in explain/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSnippet, type RunResult } from '../../../src/runner/index.ts';
import type { TakenAutopsy } from '../../../src/runner/schema.ts';
import { normalizeAutopsy } from '../../../src/frozen/normalize/autopsy.ts';

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
): Promise<{ raw: TakenAutopsy; norm: TakenAutopsy; result: RunResult }> {
  const file = fixtures + fixture;
  const result = await runSnippet(file, { expect: { kind: 'hang' }, args, timeoutMs: 20_000 });
  assert.equal(result.outcome.kind, 'hang', `${fixture} should hang; got ${JSON.stringify(result.outcome)}`);
  assert.deepEqual(alive(file), [], `${fixture}: processes left behind`);
  const raw = result.autopsy;
  assert.ok(raw?.status === 'taken', `${fixture}: no autopsy in the result: ${JSON.stringify(raw)}`);
  return { raw, norm: normalizeAutopsy(raw) as TakenAutopsy, result };
}
