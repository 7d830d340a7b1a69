// <Predict>'s props: the right choice (counted from 1), the run inside it that decides it and the
// facts of that run (src/collect/facts.ts), each mistake one sentence with the chapter's file:line
// and what to write.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { collectSource, parseFact, readProps } from '../../../src/collect/index.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const collect = (text: string) =>
  collectSource(text, 'content/chapters/09-x.mdx', { snippetRoot: path.join(root, 'tests/fixtures/site/runnable') });

const props = { question: 'What happens?', choices: ['It exits', 'It hangs'], answer: 2, run: 'q', because: ['hangs'] };

test('each kind of fact parses to what the check reads', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['hangs', { kind: 'hangs' }],
    ['exits', { kind: 'exits', code: 0 }],
    ['exits 3', { kind: 'exits', code: 3 }],
    ['prints worker ended', { kind: 'prints', printed: 'worker ended', never: false }],
    ['never prints parent: joined', { kind: 'prints', printed: 'parent: joined', never: true }],
    ['frame_str = 65,536', { kind: 'value', name: 'frame_str', op: '=', than: { number: 65536 } }],
    ['py_busy_threads <= 1.1', { kind: 'value', name: 'py_busy_threads', op: '<=', than: { number: 1.1 } }],
    ['after != before', { kind: 'value', name: 'after', op: '!=', than: { name: 'before' } }],
    ['matches = false', { kind: 'value', name: 'matches', op: '=', than: { bool: false } }],
    ['parent waits in wait4', { kind: 'waits', who: 'parent', call: 'wait4' }],
    ['child  waits in write on fd 1', { kind: 'waits', who: 'child', call: 'write', fd: 1 }],
  ];
  for (const [written, parsed] of cases) {
    const { text, ...fact } = parseFact(written);
    assert.deepEqual(fact, parsed, written);
    assert.equal(text, written.replace(/\s+/g, ' '), 'the text as written, spaces folded');
  }
});

test('a fact this check does not know says what is wrong with it', () => {
  for (const [written, says] of [
    ['hang', /"hang" is not a fact this check knows/],
    ['prints', /"prints" says no text/],
    ['exits 300', /an exit code is 0 to 255/],
    ['x = 12 bytes', /compare with a number, true, false or the name of a published value/],
    ['parent waits for the child', /write "parent waits in SYSCALL"/],
  ] as const) {
    assert.throws(() => parseFact(written), says, written);
  }
});

test('the schema: answer counted from 1 within the choices, facts parsed, all three required', () => {
  const parsed = readProps('Predict', { ...props, because: ['hangs', 'prints worker ended'] });
  assert.equal(parsed.answer, 2);
  assert.deepEqual(
    parsed.because.map((f) => f.kind),
    ['hangs', 'prints'],
  );
  assert.throws(
    () => readProps('Predict', { ...props, answer: 3 }),
    (e: Error & { hint: string }) =>
      /^<Predict> answer=\{3\} is not the right choice's number, counted from 1 \(it has 2 choices\)$/.test(
        e.message,
      ) && e.hint === "Give the right choice's number, 1 to 2.",
  );
  assert.throws(
    () => readProps('Predict', { ...props, because: ['hangs', 'prints'] }),
    (e: Error & { hint: string }) =>
      /because=\{\["hangs","prints"\]\} is not a list of facts of its run \("prints" says no text/.test(e.message) &&
      /^Facts look like: "hangs", "exits"/.test(e.hint),
  );
  const { answer: _a, run: _r, because: _b, ...bare } = props;
  assert.throws(
    () => readProps('Predict', bare),
    /<Predict> needs answer .*; <Predict> needs run .*; <Predict> needs because/,
  );
});

test('collected: the right choice, its words and the run inside, at the line the tag starts', () => {
  const chapter = collect(
    [
      'Text.',
      '',
      '<Predict question="What happens?" choices={["It exits", "It hangs"]}',
      '  answer={2} run="queue-hang" because={["hangs", "parent waits in wait4"]}>',
      '',
      '<Run id="queue-hang" src="teach/queue-hang.py" expect="hang" />',
      '',
      '</Predict>',
      '',
    ].join('\n'),
  );
  assert.equal(chapter.predicts.length, 1);
  const [predict] = chapter.predicts;
  assert.deepEqual(
    { ...predict, because: predict!.because.map((f) => f.text) },
    {
      chapterFile: 'content/chapters/09-x.mdx',
      line: 3,
      answer: 2,
      choice: 'It hangs',
      run: 'queue-hang',
      because: ['hangs', 'parent waits in wait4'],
    },
  );
});

test('a prediction decided by a run it does not reveal fails at its file:line, naming the runs inside', () => {
  const outside = [
    '<Run id="queue-hang" src="teach/queue-hang.py" expect="hang" />',
    '',
    `<Predict question="Q?" choices={["a", "b"]} answer={1} run="queue-hang" because={["hangs"]}>`,
    '',
    '<Run id="other" src="teach/slots.py" />',
    '',
    '</Predict>',
  ].join('\n');
  assert.throws(
    () => collect(outside),
    new RegExp(
      /content\/chapters\/09-x\.mdx:3: <Predict> run="queue-hang" is not a <Run> inside this <Predict>\. /.source +
        /The run it reveals decides it: name one of the runs inside \(other\)\.$/.source,
    ),
  );
  assert.throws(
    () =>
      collect(
        `<Predict question="Q?" choices={["a", "b"]} answer={1} run="x" because={["hangs"]}>\n\nText.\n\n</Predict>`,
      ),
    /:1: .*Put the <Run id="x"> whose facts decide it between <Predict> and <\/Predict>\.$/,
  );
});
