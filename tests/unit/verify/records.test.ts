// The records checked without running anything (`hangtime lint`): each exists, is current, and a
// chapter shows one run's numbers, agreeing with the transcript printed beside them.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import type { ValueRef } from '../../../src/collect/index.ts';
import { staleness } from '../../../src/frozen/current.ts';
import { readFrozen } from '../../../src/frozen/store.ts';
import { thaw } from '../../../src/frozen/thaw.ts';
import { agreementProblems, chapterValues, prints, type ChapterRun } from '../../../src/results/agree.ts';
import { checkRecords } from '../../../src/verify/records.ts';
import { SCHEMA_VERSION } from '../../../src/runner/schema.ts';
import { copyFixture } from '../_support/verify.ts';

const run = (src: string, values: ChapterRun['result']['values'], text: string, id?: string): ChapterRun => ({
  run: { src, id, line: 3 },
  key: `${src}#${id ?? 'default'}`,
  result: {
    values,
    host: { os: 'linux', kernel: '6', arch: 'x64', cpus: 2, load: [0, 0, 0], node: 'v24', python: null },
    transcript: { chunks: [{ stream: 'stdout', t: 1, text }], totalBytes: text.length, droppedBytes: 0 },
  },
});
const ref = (name: string, component: ValueRef['component'] = 'Value', format?: ValueRef['format']): ValueRef => ({
  chapterFile: 'content/chapters/04-x.mdx',
  line: 12,
  component,
  name,
  format,
});

test('(a) two runs that publish one name with different values: a page cannot show it', () => {
  const runs = [
    run('04-x/a.py', [{ name: 'cap', value: 65536, compare: 'exact' }], ''),
    run('04-x/b.ts', [{ name: 'cap', value: 65536, compare: 'exact' }], ''),
    run('04-x/c.ts', [{ name: 'size', value: 1, compare: 'exact' }], '', 'c'),
    run('04-x/d.ts', [{ name: 'size', value: 2, compare: 'exact' }], ''),
  ];
  assert.deepEqual(agreementProblems({ values: [ref('cap')] }, runs), [], 'publishers that agree are fine');
  const [problem] = agreementProblems({ values: [ref('size')] }, runs);
  assert.match(
    problem!,
    new RegExp(
      /^content\/chapters\/04-x\.mdx:12: <Value name="size">: published 2 times with different values: /.source +
        /04-x\/c\.ts \(id c\) line 3 → 1; 04-x\/d\.ts line 3 → 2\. A page shows one run's numbers/.source,
    ),
  );
  const stored = chapterValues(runs);
  assert.equal(stored.cap!.conflict, undefined);
  assert.match(stored.size!.conflict!, /different values/);
  assert.equal(stored.size!.run, '04-x/c.ts#c');
});

test('(b) a measurement shown in prose must be printed by its run, as the page shows it or plainly', () => {
  assert.ok(prints('stuck after 177,152 bytes', 177152, '177,152'));
  assert.ok(prints('stuck after 177152 bytes', 177152, '177,152 bytes'));
  assert.ok(prints('speed-up 1.9x', 1.9, '1.90×'));
  assert.ok(!prints('stuck after 1,177,152 bytes', 177152, '177,152'));
  assert.ok(!prints('took 0.785 s', 0.78, '0.78'));
  const mixed = run(
    '04-x/socketpair.ts',
    [
      { name: 'limit', value: 177152, compare: 'range', min: 1, max: 1e7 },
      { name: 'pipe', value: 65536, compare: 'exact' },
    ],
    'stuck after 175,104 bytes\n',
  );
  const problems = agreementProblems({ values: [ref('limit'), ref('pipe')] }, [mixed]);
  assert.equal(problems.length, 1, 'an exact value never moves between runs: not required in the transcript');
  assert.match(
    problems[0]!,
    new RegExp(
      /04-x\.mdx:12: <Value name="limit"> shows 177,152, /.source +
        /a measurement \(compare "range"\) that its run 04-x\/socketpair\.ts never prints/.source,
    ),
  );
  const whole = run(
    '04-x/socketpair.ts',
    [{ name: 'limit', value: 175104, compare: 'range', min: 1, max: 1e7 }],
    'stuck after 175,104 bytes\n',
  );
  assert.deepEqual(agreementProblems({ values: [ref('limit', 'Value', 'bytes')] }, [whole]), []);
});

test('(c) a table row agrees with the transcript lines that print its label; \\r redraws and colours aside', () => {
  const table = (rows: unknown[][]) => ({
    name: 'ways',
    value: { columns: ['the job, run in', 'seconds', 'speed-up'], rows },
    compare: 'shape' as const,
  });
  const text =
    'cores: 2\n1 thread    0.60  1.00\n' +
    '2 threads   0.50  1.21\r2 threads   0.50  \u001b[1m1.20\u001b[0m\n' +
    '2 processes 0.31  1.94\n';
  assert.deepEqual(
    agreementProblems({ values: [ref('ways', 'Table')] }, [
      run(
        '02/gil.py',
        [
          table([
            ['1 thread', 0.6, 1],
            ['2 threads', 0.5, 1.2],
            ['2 processes', 0.31, 1.94],
          ]),
        ],
        text,
      ),
    ]),
    [],
  );
  const [problem, ...rest] = agreementProblems({ values: [ref('ways', 'Table')] }, [
    run(
      '02/gil.py',
      [
        table([
          ['1 thread', 0.6, 1],
          ['2 threads', 0.5, 0.78],
          ['3 ways', 1, 1],
        ]),
      ],
      text,
    ),
  ]);
  assert.deepEqual(rest, [], 'a row whose label is never printed is not checked');
  assert.match(
    problem!,
    new RegExp(
      /<Table name="ways"> row "2 threads" shows 0\.78, /.source +
        /but its run 02\/gil\.py printed that row as: "2 threads {3}0\.50 {2}1\.20\\n2 processes 0\.31 {2}1\.94"$/
          .source,
    ),
  );
});

test('a record of an older format or engine schema is stale: named, with the command that rewrites it', () => {
  const copy = copyFixture();
  try {
    assert.deepEqual(checkRecords(copy.root).problems, [], 'the fixture is current');
    const frozen = copy.frozen('greet.py');
    copy.edit(frozen, /^format: \d+$/m, 'format: 2');
    copy.edit(copy.frozen('wait.py'), /^schemaVersion: \d+$/m, 'schemaVersion: 1');
    rmSync(copy.path(copy.frozen('count.ts')));
    const { problems, records } = checkRecords(copy.root);
    assert.equal(records, 2);
    assert.deepEqual(problems, [
      'runnable/01-fixture/greet.py.greet.frozen.md: recorded in format 2, not the current 3 ' +
        '(its transcript is stored normalized only): ' +
        'rewrite it with `npx hangtime verify --update 01` (on a quiet machine) and commit it',
      `runnable/01-fixture/wait.py.wait.frozen.md: recorded by engine schema 1, not the current ${SCHEMA_VERSION}: ` +
        'rewrite it with `npx hangtime verify --update 01` (on a quiet machine) and commit it',
      'content/chapters/01-fixture.mdx:15: <Run src="01-fixture/count.ts"> has no frozen result ' +
        '(runnable/01-fixture/count.ts.56fbe3ee.frozen.md): write it with `npx hangtime verify --update 01`',
    ]);
    const doc = readFrozen(copy.path(frozen))!;
    assert.match(staleness(doc)!, /format 2/);
    assert.throws(
      () => thaw(doc, copy.path('runnable/01-fixture/greet.py'), {}, { shownPath: frozen }),
      /greet\.py\.greet\.frozen\.md: recorded in format 2.*npx hangtime verify --update/,
    );
  } finally {
    copy.remove();
  }
});
