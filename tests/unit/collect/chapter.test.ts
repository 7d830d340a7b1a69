import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { collectChapters, collectSource } from '../../../src/collect/index.ts';

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
    [
      'tests/fixtures/site/chapters/01-edge-cases.mdx',
      'tests/fixtures/site/chapters/02-figures.mdx',
      'tests/fixtures/site/chapters/03-teaching.mdx',
    ],
  );
  const [edge, figures, teaching] = chapters;
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
  // A teaching figure references each published value it draws, by the prop that names it.
  const diagram = teaching.values.filter((v) => v.component === 'QueueDiagram');
  assert.deepEqual(
    diagram.map((v) => [v.prop ?? 'name', v.name]),
    [
      ['pipe', 'slots_pipe_bytes'],
      ['page', 'slots_page_size'],
      ['slots', 'slots_count'],
      ['frame', 'message_bytes'],
      ['payload', 'hp_bob_payload'],
      ['held', 'hp_queue_bob_held'],
    ],
  );
  // A <Run> inside a <Predict> is collected like any other.
  assert.ok(teaching.runs.some((r) => r.id === 'queue-hang' && r.options.expect?.kind === 'hang'));
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

// Each mistake: the chapter's file:line, what is wrong (component, prop, what it got), then how to fix it.
const mistakes: [string, RegExp][] = [
  [
    '\n\n<Run src="edge/colors.ts" expct="hang" />',
    /09-x\.mdx:3: <Run> has no prop "expct"\. Did you mean expect\? Valid props are: src, id, expect, /,
  ],
  [
    '<Run expect="hang" />',
    new RegExp(
      /:1: <Run> needs src \(a \.py or \.ts file relative to runnable\/, without ".."\)\. /.source +
        /Write src="01-chapter\/file\.py"\./.source,
    ),
  ],
  ['<Run src="../edge/colors.ts" />', /:1: <Run> src="\.\.\/edge\/colors\.ts" is not a \.py or \.ts file relative/],
  ['<Run src={3} />', /:1: <Run> src=\{3\} is not a \.py or \.ts file/],
  [
    '<Run src="edge/colors.ts" expect="hangs" />',
    new RegExp(
      /:1: <Run> expect="hangs" is not an expectation\. /.source +
        /Valid expectations are: exit, exit=N, hang, stuck, waiting, signal=NAME, timeout\./.source,
    ),
  ],
  [
    '<Run src="edge/colors.ts" expect="exit=x" />',
    new RegExp(
      /:1: <Run> expect="exit=x" is not an expectation /.source +
        /\(exit takes an exit status from 0 to 255, e\.g\. exit=3\)\. Valid expectations/.source,
    ),
  ],
  [
    '<Run src="edge/colors.ts" expect="exit=999" />',
    /:1: <Run> expect="exit=999" is not an expectation \(exit takes an exit status from 0 to 255/,
  ],
  [
    '<Run src="edge/colors.ts" expect="signal=SIGFOO" />',
    /:1: <Run> expect="signal=SIGFOO" is not an expectation \(signal takes a signal name of this platform/,
  ],
  ['<Run src="edge/colors.ts" timeout="0.4ms" />', /:1: <Run> timeout="0\.4ms" is not a duration/],
  ['<Run src="edge/colors.ts" timeout="40000m" />', /:1: <Run> timeout="40000m" is not a duration/],
  [
    '<Run src="edge/colors.ts" timeout="60" />',
    new RegExp(
      /:1: <Run> timeout="60" is not a duration above zero with a unit /.source +
        /\("500ms", "60s" or "2m"\)\. Write timeout="60s"\./.source,
    ),
  ],
  ['<Run src="edge/colors.ts" timeout={60} />', /:1: <Run> timeout=\{60\} is not a duration/],
  [
    '<Run src="edge/colors.ts" args={"--x"} />',
    /:1: <Run> args="--x" is not an array of strings\. Write args=\{\["--size", "100"\]\}\./,
  ],
  ['<Run src="edge/colors.ts" args={["a", 3]} />', /:1: <Run> args=\{\["a",3\]\} is not an array of strings/],
  ['<Run src="edge/colors.ts" args={[flag]} />', /:1: the expression \{\[flag\]\} is not a literal\. Use a string/],
  ['<Run src="edge/colors.ts" quietMs={0} />', /:1: <Run> quietMs=\{0\} is not a whole number of milliseconds/],
  [
    '<Run src="edge/colors.ts" quietMs="soon" />',
    /:1: <Run> quietMs="soon" is not a whole number.*Write quietMs=\{200\}/,
  ],
  [
    '<Run src="edge/colors.ts" alone="yes" />',
    /:1: <Run> alone="yes" is not true or false\. Write alone \(the bare word\) or alone=\{false\}\./,
  ],
  [
    '<Run src="edge/colors.ts" pythonBuffering="line" />',
    /:1: <Run> pythonBuffering="line" is not a buffering mode\. Valid modes are: unbuffered, default\./,
  ],
  ['<Run src="edge/colors.ts" show="both" />', /:1: <Run> show="both" is not a way to show .*: all, region, none\./],
  ['<Run src="edge/colors.ts" show="region" />', /:1: <Run> show="region" needs a region\. Add region="NAME"/],
  ['<Run src="edge/colors.ts" id="a b" />', /:1: <Run> id="a b" is not an id of letters, digits/],
  ['<Run src="edge/missing.py" />', /:1: <Run> src="edge\/missing\.py" does not exist .*\. Check the path/],
  [
    '<Run src="edge/pipe-hang.py" region="nope" />',
    /:1: edge\/pipe-hang\.py: no region "nope"; regions in this file: write\.$/,
  ],
  ['<Run src="edge/colors.ts" id="a" />\n\n<Run src="edge/colors.ts" id="a" />', /:3: two runs have id="a"/],
  ['<Run {...props} />', /:1: <Run> has a spread \{…\} prop\. Write each prop out by name\./],
  [
    'Text <Value name="x" format="hex" /> end',
    /:1: <Value> format="hex" is not a format\. Valid formats are: int, bytes, ms, s, x, cores, raw\./,
  ],
  [
    'Text <Value name="x" pin={[1]} /> end',
    /:1: <Value> pin=\{\[1\]\} is not the article's number\. Write pin=\{65514\}/,
  ],
  [
    'Text <Value /> end',
    /:1: <Value> needs name \(the name of a value a run of this chapter publishes\)\. Write name=/,
  ],
  [
    'Text <Value name="x" pn={3} /> end',
    /:1: <Value> has no prop "pn"\. Did you mean pin\? Valid props are: name, pin/,
  ],
  ['<Table name="t" caption={3} />', /:1: <Table> caption=\{3\} is not text\. Write caption="/],
  ['<BisectChart name="" />', /:1: <BisectChart> name="" is not the name of a value/],
  ['<Timeline run="ghost" />', /:1: no <Run id="ghost"> in this chapter\. Give the run id="ghost"/],
  [
    '<Timeline caption="x" />',
    /:1: <Timeline> needs run \(the id of a <Run> in this chapter\)\. Write run="bob-hang"\./,
  ],
  ['Text <Article n={true} /> end', /:1: <Article> n=\{true\} is not the article's number\. Write n="65,514"\./],
  ['<Chart name="x" />', /:1: <Chart> is not a hangtime component\. Valid components are: Run, Value, Table, /],
  // The page provides no <Autopsy>: a chapter cannot use it (a hung <Run> shows its own).
  [
    '<Autopsy run="x" />',
    /:1: <Autopsy> is not a hangtime component\. Valid components are: (?!.*Autopsy).*Predict\.$/,
  ],
  ['Text <Term id="futx">futex</Term> end', /:1: <Term> id="futx" is not a glossary entry\. .*futex/],
  [
    '<Predict question="Which?" choices={["only one"]}>x</Predict>',
    /:1: <Predict> choices=\{\["only one"\]\} is not an array of two or more answers/,
  ],
  ['<ByteMap name="bytemap_hi" />', /:1: <ByteMap> needs hex .*Write hex="bytemap_hi_hex"\./],
  [
    '<Run scr="edge/colors.ts" timeout="1" />',
    /:1: <Run> has no prop "scr"; <Run> needs src .*; <Run> timeout="1" is not a duration.*\. Did you mean src\?/,
  ],
];
for (const [text, message] of mistakes) {
  test(`rejects with file:line and a fix: ${text.trim().replace(/\s+/g, ' ').slice(0, 50)}`, () => {
    assert.throws(() => collect(text), message);
  });
}

test('a pin is read once: pin={65514} and pin="65,514" are the same number; other text stays text', () => {
  const { values } = collect(
    '<Value name="a" pin={65514} /> <Value name="b" pin="65,514" /> <Value name="c" pin="~64 KiB" />',
  );
  assert.deepEqual(
    values.map((v) => v.pin),
    [65514, 65514, '~64 KiB'],
  );
});

test('props that need no run are collected too: captions, formats', () => {
  const { values } = collect(
    '<Table name="t" caption="c" />\n\n<Quiet name="q">a claim</Quiet>\n\nA <Value name="v" format="bytes" />.',
  );
  assert.deepEqual(
    values.map((v) => [v.component, v.name, v.line, v.format ?? null]),
    [
      ['Table', 't', 1, null],
      ['Quiet', 'q', 3, null],
      ['Value', 'v', 5, 'bytes'],
    ],
  );
});

test('<Cite> names a known source', () => {
  assert.deepEqual(collect('See <Cite source="article" />.\n').values, []);
  assert.throws(
    () => collect('See <Cite source="blog" />.\n'),
    new RegExp(
      String.raw`09-x\.mdx:1: <Cite> source="blog" is not a known source\. ` +
        String.raw`Valid sources are: article, python-guideline, python-start-methods, python-popen-wait\.`,
    ),
  );
  assert.throws(() => collect('<Cite />\n'), /09-x\.mdx:1: <Cite> needs source/);
  assert.throws(() => collect('<Cite source="article" page="3" />\n'), /<Cite> has no prop "page"/);
});
