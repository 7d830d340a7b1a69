// The prose lint: a bare number in prose fails with file:line; numbers in components,
// code, headings, frontmatter, imports and expressions do not.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lintChapters, lintSource } from '../../../src/lint/lint.ts';

const chapter = `---
title: Chapter 3 of 6
---
import Note from './note.ts'

# Why 65,514 and not 65,536

The child put <Value name="str_len" format="int" /> characters, the article says <Article n="65,514" />.
Node's v8 serializer and utf8 text are names, and \`F_SETPIPE_SZ = 1031\` is code.
{/* a comment with 12 in it */}

\`\`\`py
print(65536)
\`\`\`

<Run src="01/x.py" args={["--size", "100"]} />

But the pipe holds 64 KiB,
and the frame is 4 + 65,532 bytes.

<Predict question="Does 65,536 fit?" choices={["65,536 bytes", "no"]}>

Inside the reveal, 16 slots are prose too, and a <Term id="wait4">wait4</Term> is a name.

</Predict>
`;

test('bare numbers in prose fail, naming file:line and the number', () => {
  const problems = lintSource(chapter, 'content/chapters/03-x.mdx');
  assert.deepEqual(
    problems.map((p) => [p.line, p.number]),
    [
      [18, '64'],
      [19, '4'],
      [19, '65,532'],
      [23, '16'],
    ],
  );
  assert.match(problems[0]!.message, /^content\/chapters\/03-x\.mdx:18: bare number 64 in prose\. Write it in words/);
});

test('a clean chapter has no problems; lintChapters reads every .mdx of a folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hangtime-lint-'));
  try {
    writeFileSync(join(dir, '01-a.mdx'), '# One 1\n\nFour bytes, then <Value name="n" />.\n');
    writeFileSync(join(dir, '02-b.mdx'), 'A pipe of 65536 bytes.\n');
    writeFileSync(join(dir, 'notes.txt'), '1 2 3\n');
    const problems = lintChapters(dir, dir);
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line} ${p.number}`),
      ['02-b.mdx:1 65536'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MDX that does not parse is one problem naming the line', () => {
  const problems = lintSource('Text\n\n<Value name="x"\n', 'c.mdx');
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /^c\.mdx:\d+: this MDX does not parse/);
});
