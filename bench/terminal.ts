// Terminal rendering: HTML size and time for 1 MiB transcripts (the default output cap), the
// worst cases first. The bound is 2 MiB of HTML a run. `npm run bench -- terminal`.
import { renderTranscript } from '../src/explain/terminal.ts';

const MiB = 1024 * 1024;

/** `unit(i)` repeated until the next one would pass 1 MiB of UTF-8. */
function fill(unit: (i: number) => string): string {
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; ; i++) {
    const part = unit(i);
    const size = Buffer.byteLength(part);
    if (bytes + size > MiB) return parts.join('');
    parts.push(part);
    bytes += size;
  }
}

const colour = (i: number) => `\x1b[3${1 + (i % 6)}m${String.fromCharCode(97 + (i % 26))}`;
const cases: Record<string, string> = {
  'colour on every character, one line': fill(colour),
  'colour on every character, 30 lines': fill((i) => colour(i) + (i % 6000 === 5999 ? '\n' : '')),
  'colour on every character, 80 a line': fill((i) => colour(i) + (i % 80 === 79 ? '\n' : '')),
  'plain text, 80 a line': fill((i) => `line ${String(i).padStart(7)} ${'x'.repeat(66)}\n`),
  'plain text, one line': fill(() => 'plain text '),
  '< and & (escaped 4-5×), one line': fill((i) => (i % 2 ? '<' : '&')),
  'NUL every other byte, one line': fill((i) => (i % 2 ? '\0' : 'a')),
  'newlines only': fill(() => '\n'),
  '\\r progress bar frames': fill((i) => `\r${String(i % 101).padStart(3)}% ${'#'.repeat(i % 50)}`),
};

console.log('transcript (1 MiB)'.padEnd(40), 'HTML bytes'.padStart(12), 'lines'.padStart(9), 'ms'.padStart(7));
for (const [name, text] of Object.entries(cases)) {
  const started = performance.now();
  const { html, lines } = await renderTranscript([{ stream: 'stdout', t: 0, text }]);
  const ms = performance.now() - started;
  const bytes = Buffer.byteLength(html);
  const flag = bytes > 2 * MiB ? '  OVER THE BOUND' : '';
  console.log(
    name.padEnd(40),
    bytes.toLocaleString('en-US').padStart(12),
    lines.toLocaleString('en-US').padStart(9),
    ms.toFixed(0).padStart(7) + flag,
  );
}
