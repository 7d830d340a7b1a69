// `npm test`: every suite the project has, in the order that fills the cache once —
// types → format → unit → verify (fresh runs, filling the cache) → build (warm: every run a cache hit) → browser —
// then one plain line: `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const node = process.execPath;
const suites = [
  // TypeScript 7's native tsc: the whole project (engine, site code, snippets, tests) in ~2 s.
  { name: 'types', cmd: [node, 'node_modules/typescript/bin/tsc', '-p', '.'], count: exitOnly },
  // Prettier's check, and no line over 120 characters in the files it formats (tests/format.mjs).
  { name: 'format', cmd: [node, 'tests/format.mjs'], count: exitOnly },
  { name: 'unit', cmd: [node, '--test', '--test-reporter=spec', 'tests/unit/**/*.test.ts'], count: nodeTest },
  { name: 'lint', cmd: [node, 'src/cli/bin.mjs', 'lint'], count: exitOnly },
  { name: 'verify', cmd: [node, 'src/cli/bin.mjs', 'verify'], count: plainLine, env: { HANGTIME_RUNS: 'fresh' } },
  { name: 'build', cmd: [node, 'node_modules/astro/bin/astro.mjs', 'build'], count: exitOnly },
  {
    name: 'browser',
    cmd: [node, 'node_modules/@playwright/test/cli.js', 'test', '--reporter=list'],
    count: playwright,
    when: () => existsSync('playwright.config.ts'),
  },
];

function nodeTest(out) {
  const pass = /^ℹ pass (\d+)/m.exec(out);
  const fail = /^ℹ fail (\d+)/m.exec(out);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : null;
}
function plainLine(out) {
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}
function playwright(out) {
  const passed = /(\d+) passed/.exec(out);
  const failed = /(\d+) failed/.exec(out);
  const flaky = /(\d+) flaky/.exec(out);
  if (!passed && !failed) return null;
  return { passed: Number(passed?.[1] ?? 0) + Number(flaky?.[1] ?? 0), failed: Number(failed?.[1] ?? 0) };
}
function exitOnly() {
  return null;
}

function run(suite) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n── ${suite.name}: ${suite.cmd.slice(1).join(' ')}`);
    const child = spawn(suite.cmd[0], suite.cmd.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...suite.env },
    });
    let out = '';
    const keep = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    // Ctrl-C reaches the whole foreground group; wait for the suite to clean up after itself.
    child.on('close', (code, signal) => {
      const counted = suite.count(out);
      const ok = code === 0;
      const result = counted ?? { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
      if (!ok && result.failed === 0) result.failed = 1; // a suite that crashed counts as a failure
      console.log(
        `── ${suite.name}: ${result.passed} passed, ${result.failed} failed ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s${signal ? `, ${signal}` : ''})`,
      );
      resolve(result);
    });
  });
}

let passed = 0;
let failed = 0;
for (const suite of suites) {
  if (suite.when && !suite.when()) continue;
  const r = await run(suite);
  passed += r.passed;
  failed += r.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
