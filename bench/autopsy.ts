// Cost of takeAutopsy on a hung tree of 10 processes (a parent and nine children, each child's
// queue feeder blocked in a full pipe): median and max of 20 autopsies, with the stacks signal,
// and how often stacks and pipe fill arrived within the autopsy's budget (90 ms).
// Run: node bench/autopsy.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { autopsyLaunch, takeAutopsy, type TakenAutopsy } from '../src/runner/autopsy/index.ts';
import { diagnose } from '../src/explain/diagnose.ts';
import { findTree } from '../src/runner/watch/procfs.ts';

const N = 10;
const ROUNDS = 20;
const fixture = new URL('../tests/fixtures/autopsy/queue-fanout.py', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bench-autopsy-'));
const launch = autopsyLaunch(dir);
const child = spawn('python3', [fixture, String(N)], {
  detached: true,
  stdio: 'ignore',
  env: { PATH: process.env.PATH ?? '', ...launch },
});
const root = child.pid!;

/** Hung: N processes, and every child's feeder thread sits in a pipe write. */
function isHung(): boolean {
  const tree = findTree(root);
  if (tree.length !== N) return false;
  const writers = tree.filter((p) => {
    try {
      return readdirSync(`/proc/${p.pid}/task`).some((t) =>
        readFileSync(`/proc/${p.pid}/task/${t}/wchan`, 'utf8').includes('pipe_write'),
      );
    } catch {
      return false;
    }
  });
  return writers.length === N - 1;
}

try {
  const deadline = Date.now() + 20_000;
  while (!isHung()) {
    if (Date.now() > deadline) throw new Error(`the tree of ${N} did not hang within 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 200)); // let the tree settle: every thread parked
  const pids = findTree(root).map((p) => p.pid);
  const costs: number[] = [];
  const taken: number[] = [];
  const filled: boolean[] = [];
  const all: TakenAutopsy[] = [];
  let cycle = '';
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const a = await takeAutopsy(pids, { stacksDir: dir, rootPid: root });
    costs.push(performance.now() - t0);
    if (a.status !== 'taken') throw new Error(`no autopsy: ${a.reason}`);
    cycle = diagnose(a);
    all.push(a);
    taken.push(a.processes.filter((p) => p.stacks === 'taken').length);
    filled.push(a.channels.some((c) => c.capacity !== null));
  }
  costs.sort((a, b) => a - b);
  const median = (costs[9]! + costs[10]!) / 2;
  const phase = (f: (a: TakenAutopsy) => number) => all.map(f).sort((x, y) => x - y)[ROUNDS / 2];
  console.log(`autopsy of a hung tree of ${N} processes (${ROUNDS} rounds; stacks asked of all ${N}):`);
  console.log(
    `  reading /proc: median ${phase((a) => a.phases.procMs)} ms · ` +
      `waiting for stacks and helper: median ${phase((a) => a.phases.waitMs)} ms`,
  );
  console.log(
    `  median ${median.toFixed(1)} ms · max ${costs.at(-1)!.toFixed(1)} ms · ` +
      `min ${costs[0]!.toFixed(1)} ms (budget: 100 ms)`,
  );
  console.log(
    `  stacks in time: ${taken.join(' ')} of ${N} per round · ` +
      `pipe fill in time: ${filled.filter(Boolean).length} of ${ROUNDS} rounds`,
  );
  console.log(
    `  load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} ` +
      `on ${availableParallelism()} cores`,
  );
  console.log(`  first sentence: ${cycle.split('. ')[0]}.`);
} finally {
  try {
    process.kill(-root, 'SIGKILL');
  } catch {
    /* gone */
  }
  rmSync(dir, { recursive: true, force: true });
}
