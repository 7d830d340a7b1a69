// CLI figures (not tests): `hangtime run` of a trivial .ts, the whole process from exec to exit,
// against `node file.ts` measured in the same run (interleaved, so both see the same load). A
// run's Node keeps its compiled code in the engine's compile cache (preload/node.cjs), so the
// program itself starts faster under hangtime than bare: `node file.ts` with that cache warm is
// measured too, and hangtime's own cost is the difference to it. Also `hangtime --help` (module
// loading alone). `npm run bench` prints them; `node bench/cli.ts` alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../src/shared/paths.ts';

const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const hello = join(repoRoot, 'tests', 'fixtures', 'runner', 'hello.ts');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', env });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

export async function benchCli(n = 15) {
  // A compile cache of its own, warmed once: what a reader's second `hangtime run` sees.
  const cache = mkdtempSync(join(tmpdir(), 'hangtime-bench-cli-'));
  const env = { ...process.env, NODE_COMPILE_CACHE: cache };
  try {
    timed([bin, 'run', hello], env);
    timed([hello], env);
    const bare: number[] = [];
    const bareCached: number[] = [];
    const help: number[] = [];
    const run: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < n; i++) {
      bare.push(timed([hello], process.env));
      bareCached.push(timed([hello], env));
      help.push(timed([bin, '--help'], env));
      run.push(timed([bin, 'run', hello], env));
      cold.push(timed([bin, 'run', hello], { ...process.env, NODE_COMPILE_CACHE: join(cache, `cold-${i}`) }));
    }
    const b = median(bare);
    const line = (label: string, xs: number[]) =>
      console.log(`  ${label.padEnd(44)} ${ms(median(xs)).padStart(7)}  ${(median(xs) / b).toFixed(2)}x bare`);
    console.log(`CLI, whole process (median of ${n}, interleaved):`);
    line('node hello.ts (bare)', bare);
    line('node hello.ts (bare, compile cache warm)', bareCached);
    line('hangtime --help (modules of the CLI)', help);
    line('hangtime run hello.ts (compile caches warm)', run);
    line("hangtime run hello.ts (hangtime's modules uncached)", cold);
    console.log(`  hangtime's own cost (warm run − warm bare)  ${ms(median(run) - median(bareCached)).padStart(7)}`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchCli();
