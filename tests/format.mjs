// `npm test`'s format suite: Prettier's check, then the one thing Prettier leaves alone — a line
// longer than the print width (a long string, a long comment, a long template). Every file
// Prettier formats (the repository's files minus .prettierignore) is read; each long line is
// reported as file:line, and any makes the suite fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getFileInfo, resolveConfig } from 'prettier';

const root = new URL('..', import.meta.url).pathname;
const prettier = spawnSync(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.'], {
  cwd: root,
  stdio: 'inherit',
});

// Tracked files and new ones not ignored by git: what a commit would hold.
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter(Boolean);

const long = [];
let checked = 0;
for (const file of files) {
  const path = root + file;
  const info = await getFileInfo(path, { ignorePath: root + '.prettierignore', resolveConfig: true });
  if (info.ignored || !info.inferredParser) continue;
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    continue; // listed by git but deleted in the working tree
  }
  const width = (await resolveConfig(path))?.printWidth ?? 80;
  checked++;
  text.split('\n').forEach((line, i) => {
    if (line.length > width) long.push(`${file}:${i + 1}: ${line.length} characters (at most ${width})`);
  });
}

for (const line of long) console.log(line);
console.log(
  long.length
    ? `${long.length} line${long.length > 1 ? 's' : ''} over the print width in ${checked} files: ` +
        'break them by hand (Prettier does not split strings or comments)'
    : `no line over the print width in ${checked} files`,
);
process.exitCode = prettier.status !== 0 || long.length > 0 ? 1 : 0;
