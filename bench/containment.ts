// What containment costs: a run of a program through the launcher against a plain spawn of the
// same program, measured in turns in the same process (median of ROUNDS each), and the sweep's
// cost when there is nothing to sweep (median of ROUNDS, after a first, cold one).
// Run: node bench/containment.ts   (ROUNDS=100 for steadier figures)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ensureLauncher } from '../src/runner/contain/launcher.ts';
import { sweep } from '../src/runner/contain/registry.ts';
import { spawnContained } from '../src/runner/contain/spawn.ts';

const ROUNDS = Math.max(30, Number(process.env.ROUNDS ?? 40));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const programs: Array<[string, string[]]> = [
  ['/bin/true', ['/bin/true']],
  ['python3 -c pass', [existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', '-c', 'pass']],
];

const built = await ensureLauncher();
if (!built.ok) {
  console.log(`no launcher: ${built.reason}`);
  process.exit(1);
}
console.log(`launcher ${built.path} (${built.compiled ? `compiled in ${built.ms.toFixed(0)} ms` : 'cached'})`);
console.log(
  `| program | plain spawn ms | launcher: exit seen ms | launcher: tree empty ms | ratio (empty / plain) | added ms |`,
);
console.log('| --- | --- | --- | --- | --- | --- |');
const added: Array<[string, number]> = [];
for (const [label, argv] of programs) {
  const plain: number[] = [];
  const exited: number[] = [];
  const ended: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', detached: true });
    await new Promise((r) => child.on('exit', r));
    plain.push(performance.now() - t0);
    t0 = performance.now();
    const c = spawnContained(built.path, argv, { stdio: ['ignore', 'ignore', 'ignore'] });
    await c.exited;
    exited.push(performance.now() - t0);
    await c.ended;
    ended.push(performance.now() - t0);
  }
  const [p, x, e] = [median(plain), median(exited), median(ended)];
  console.log(
    `| ${label} | ${p.toFixed(2)} | ${x.toFixed(2)} | ${e.toFixed(2)} | ` +
      `${(e / p).toFixed(2)} | +${(e - p).toFixed(2)} |`,
  );
  added.push([label, e - p]);
}
for (const [label, ms] of added)
  console.log(`containment adds ${ms.toFixed(2)} ms to ${label} (target <= 5 ms): ${ms <= 5 ? 'met' : 'MISSED'}`);

const cold = sweep();
const warm: number[] = [];
for (let i = 0; i < ROUNDS; i++) warm.push(sweep().ms);
console.log(
  `sweep with nothing to sweep: ${median(warm).toFixed(3)} ms median (max ${Math.max(...warm).toFixed(3)}; ` +
    `the first, cold: ${cold.ms.toFixed(3)} ms, handled ${cold.runs} runs and ${cold.tmpRemoved} directories)`,
);
console.log(`sweep target <= 2 ms median: ${median(warm) <= 2 ? 'met' : 'MISSED'}`);
