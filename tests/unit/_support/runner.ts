// Shared by the engine's tests: run a fixture, and prove afterwards that nothing of it lives on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSnippet, type RunOptionsInput, type RunResult } from '../../../src/runner/index.ts';
import { repoRoot } from '../../../src/shared/paths.ts';

export const fixture = (name: string) => join(repoRoot, 'tests', 'fixtures', 'runner', name);
const runIds: string[] = [];

export async function run(name: string, options: RunOptionsInput = {}): Promise<RunResult> {
  const r = await runSnippet(fixture(name), options);
  runIds.push(r.runId);
  return r;
}

export const stdoutOf = (r: RunResult) =>
  r.transcript.chunks
    .filter((c) => c.stream === 'stdout')
    .map((c) => c.text)
    .join('');

/** Pids of live processes whose environment carries a run id (or a marker) of this test file. */
export function survivors(markers: string[] = runIds.map((id) => `HANGTIME_RUN_ID=${id}`)): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const env = readFileSync(join('/proc', name, 'environ'), 'latin1');
      if (markers.some((m) => env.includes(m + '\0'))) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}
