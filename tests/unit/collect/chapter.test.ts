import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { collectChapters, collectSource } from '../../../src/collect/index.ts';
import { runIdentity } from '../../../src/frozen/identity.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const fixtureRunnable = path.join(root, 'tests/fixtures/site/runnable');
const collect = (text: string) => collectSource(text, 'content/chapters/09-x.mdx', { snippetRoot: fixtureRunnable });

test('collects runs and values of the fixture site in page order, with lines', () => {
  const chapters = collectChapters(path.join(root, 'tests/fixtures/site/chapters'), {
    snippetRoot: fixtureRunnable,
    root,
  });
  assert.deepEqual(
    chapters.map((c) => c.chapterFile),
    ['tests/fixtures/site/chapters/01-edge-cases.mdx', 'tests/fixtures/site/chapters/02-figures.mdx'],
  );
  const [edge, figures] = chapters;
  assert.deepEqual(
    edge.runs.map((r) => [r.src, r.line]),
    [
      ['edge/script-tag.py', 11],
      ['edge/huge-output.py', 17],
      ['edge/colors.ts', 21],
      ['edge/pipe-hang.py', 25],
    ],
  );
  assert.deepEqual(edge.runs[3].options, { expect: { kind: 'hang' }, timeoutMs: 20_000 });
  assert.equal(edge.runs[1].show, 'region');
  assert.equal(edge.runs[2].options.color, true);
  assert.deepEqual(
    figures.values.map((v) => [v.component, v.name, v.line, v.pin ?? null]),
    [
      ['Value', 'capacity', 7, 65536],
      ['Value', 'capacity', 7, 4096],
      ['Value', 'ratio', 7, null],
      ['Table', 'sizes', 13, null],
      ['BisectChart', 'bisect_steps', 17, null],
    ],
  );
});

test('a tag inside a code block or inline code is not collected', () => {
  const chapter = collect('Text `<Run src="nope.py" />`.\n\n```mdx\n<Run src="nope.py" />\n```\n');
  assert.equal(chapter.runs.length, 0);
});

test('parses args, quietMs, alone, timeout units and exit codes', () => {
  const { runs } = collect(
    '<Run src="edge/exits-three.py" expect="exit=3" args={["--size", "100"]} quietMs={200} alone timeout="500ms" />\n',
  );
  assert.deepEqual(runs[0].options, {
    expect: { kind: 'exit', code: 3 },
    args: ['--size', '100'],
    quietMs: 200,
    alone: true,
    timeoutMs: 500,
  });
  assert.equal(runs[0].line, 1);
});

const mistakes: [string, RegExp][] = [
  [
    '\n\n<Run src="edge/colors.ts" expct="hang" />',
    /09-x\.mdx:3: <Run> has no prop "expct"\. Valid props are: id, src, expect/,
  ],
  [
    '<Run src="edge/colors.ts" expect="hangs" />',
    /:1: expect="hangs" is not an expectation\. Valid values are: "exit", "exit=N", "hang"/,
  ],
  ['<Run src="edge/colors.ts" timeout="60" />', /:1: timeout="60" is not a duration\. Write a number with a unit/],
  ['<Run src="edge/missing.py" />', /:1: src="edge\/missing\.py" does not exist/],
  [
    '<Run src="edge/pipe-hang.py" region="nope" />',
    /:1: edge\/pipe-hang\.py: no region "nope"; regions in this file: write/,
  ],
  ['<Run src="edge/colors.ts" args={"--x"} />', /args must be an array of strings/],
  ['<Run src="edge/colors.ts" args={[flag]} />', /the expression \{\[flag\]\} is not a literal/],
  ['Text <Value name="x" format="hex" /> end', /:1: format="hex" is not a format\. Valid formats are: int, bytes/],
  ['<Timeline run="ghost" />', /:1: no <Run id="ghost"> in this chapter/],
  ['<Chart name="x" />', /:1: <Chart> is not a hangtime component/],
  ['<Run src="edge/colors.ts" id="a" />\n\n<Run src="edge/colors.ts" id="a" />', /:3: two runs have id="a"/],
];
for (const [text, message] of mistakes) {
  test(`rejects with file:line and a fix: ${text.trim().replace(/\s+/g, ' ').slice(0, 50)}`, () => {
    assert.throws(() => collect(text), message);
  });
}

test('a run identity ignores prop order but not values', () => {
  const a = runIdentity('a.py', { expect: { kind: 'hang' }, timeoutMs: 5 });
  const b = runIdentity('a.py', { timeoutMs: 5, expect: { kind: 'hang' } });
  assert.equal(a, b);
  assert.notEqual(a, runIdentity('a.py', { timeoutMs: 6, expect: { kind: 'hang' } }));
});

test('<Cite> names a known source, <FitCalculator> names its published models', () => {
  assert.deepEqual(collect('See <Cite source="article" />.\n').values, []);
  assert.throws(
    () => collect('See <Cite source="blog" />.\n'),
    /09-x\.mdx:1: <Cite source="blog"> names no known source\. Valid sources are: article, python-guideline\./,
  );
  assert.throws(() => collect('<Cite />\n'), /09-x\.mdx:1: <Cite> needs source="…"/);
  const chapter = collect('<FitCalculator models={["fit_model_python", "fit_model_ts"]} />\n');
  assert.deepEqual(
    chapter.values.map((v) => [v.component, v.name]),
    [
      ['FitCalculator', 'fit_model_python'],
      ['FitCalculator', 'fit_model_ts'],
    ],
  );
  assert.throws(() => collect('<FitCalculator models={[]} />\n'), /needs models=\{\["model", …\]\}/);
  assert.throws(() => collect('<FitCalculator capacity="x" />\n'), /<FitCalculator> has no prop "capacity"/);
});
