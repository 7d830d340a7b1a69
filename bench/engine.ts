// Engine figures (not tests): overhead against a bare run, hang-confirmation latency idle and
// under load, and the cost of a cache hit. `npm run bench` prints them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCached, runSnippet } from '../src/runner/index.ts';
import { repoRoot } from '../src/shared/paths.ts';

const fixture = (n: string) => join(repoRoot, 'tests', 'fixtures', 'runner', n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * A trivial .ts through the engine against `node hello.ts` bare, interleaved. A run's Node keeps
 * its compiled code in the engine's compile cache (preload/node.cjs), so the fair bare run is
 * the one with that cache warm too: both are printed, and the engine's own cost against the second.
 */
export async function overhead(n = 20) {
  const cache = mkdtempSync(join(tmpdir(), 'hangtime-bench-ncc-'));
  const cached = { ...process.env, NODE_COMPILE_CACHE: cache };
  const bare: number[] = [];
  const bareCached: number[] = [];
  const engine: number[] = [];
  const time = (args: string[], env: NodeJS.ProcessEnv) => {
    const t = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore', env });
    return performance.now() - t;
  };
  time([fixture('hello.ts')], cached);
  await runSnippet(fixture('hello.ts'));
  for (let i = 0; i < n; i++) {
    bare.push(time([fixture('hello.ts')], process.env));
    bareCached.push(time([fixture('hello.ts')], cached));
    const t = performance.now();
    await runSnippet(fixture('hello.ts'));
    engine.push(performance.now() - t);
  }
  rmSync(cache, { recursive: true, force: true });
  const b = median(bare);
  const c = median(bareCached);
  const e = median(engine);
  console.log(
    `engine overhead (trivial .ts, median of ${n}): bare ${ms(b)}, bare with a warm compile cache ${ms(c)}, ` +
      `through the engine ${ms(e)} → ${(e / b).toFixed(2)}x bare; ` +
      `+${ms(e - c)}, ${(e / c).toFixed(2)}x the cached bare run`,
  );
}

async function hangLatency(label: string, n = 20) {
  const after: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await runSnippet(fixture('queue-hang.py'), { expect: { kind: 'hang' } });
    if (r.hang) {
      after.push(r.hang.confirmedAfterMs);
      total.push(r.timing.wallMs);
    }
  }
  console.log(
    `hang confirmation, queue hang, ${label} (${after.length}/${n} confirmed): ` +
      `after quiet median ${ms(median(after))}, max ${ms(max(after))}; ` +
      `spawn to kill median ${ms(median(total))}`,
  );
}

/** Two busy loops, one a core (the machine this measures has two). */
export function loadCores(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

async function cacheHit(n = 50) {
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-bench-cache-'));
  await runCached(fixture('hello.ts'), {}, { cacheDir: dir });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await runCached(fixture('hello.ts'), {}, { cacheDir: dir });
    if (!r.hit) throw new Error('expected a cache hit');
    times.push(performance.now() - t);
  }
  rmSync(dir, { recursive: true });
  console.log(`cache hit (median of ${n}): ${ms(median(times))}, max ${ms(max(times))}`);
}

export async function benchEngine() {
  await overhead();
  await hangLatency('idle');
  const load = loadCores();
  try {
    await hangLatency('both cores loaded');
  } finally {
    for (const p of load) p.kill('SIGKILL');
  }
  await cacheHit();
}

if (import.meta.main) await benchEngine();
