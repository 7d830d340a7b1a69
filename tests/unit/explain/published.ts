// The values a story snippet publishes, from a real run on this machine (through the engine),
// so a pure module is checked against what the build machine measures, never typed-in numbers.
import path from 'node:path';
import { runSnippet } from '../../../src/runner/index.ts';

const runnable = path.resolve(import.meta.dirname, '../../../runnable');

export async function published(snippet: string): Promise<Record<string, unknown>> {
  const result = await runSnippet(path.join(runnable, snippet), { timeoutMs: 60_000 });
  if (result.outcome.kind !== 'exit' || result.outcome.code !== 0) {
    throw new Error(`${snippet} did not exit 0: ${JSON.stringify(result.outcome)}`);
  }
  return Object.fromEntries(result.values.map((v) => [v.name, v.value]));
}
