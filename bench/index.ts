// `npm run bench`: every benchmark, one after the other, printing figures. Pass names to pick
// some: `npm run bench -- engine cli autopsy site stability`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const all = ['engine', 'cli', 'proof', 'waits', 'containment', 'autopsy', 'terminal', 'site', 'verify-stability'];
const picked = process.argv.slice(2).length
  ? process.argv.slice(2).map((n) => (n === 'stability' ? 'verify-stability' : n))
  : all;
for (const name of picked) {
  const file = join(import.meta.dirname, `${name}.ts`);
  if (!existsSync(file)) {
    console.log(`\n## ${name}: no benchmark yet`);
    continue;
  }
  console.log(`\n## ${name}`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
