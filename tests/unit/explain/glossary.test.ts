// The glossary: one entry an id, no dangling cross-reference, the system words the autopsy and
// timeline print all linked, and definitions that carry no machine's numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GLOSSARY, TERM_IDS, entry, type Entry } from '../../../src/explain/glossary.ts';
import { codeSpans, termHref, termSegments } from '../../../src/explain/term-links.ts';

const entries = GLOSSARY as readonly Entry[];

test('ids are unique, and every "see also" names another entry', () => {
  assert.equal(new Set(TERM_IDS).size, entries.length);
  for (const e of entries) {
    for (const id of e.see ?? []) {
      assert.ok(entry(id), `${e.id} sees "${id}", which is not an entry`);
      assert.notEqual(id, e.id, `${e.id} sees itself`);
    }
  }
});

test('a word of the autopsy means one entry only', () => {
  const owner = new Map<string, string>();
  for (const e of entries) {
    for (const w of e.words ?? []) {
      assert.ok(!owner.has(w), `"${w}" is a word of ${owner.get(w)} and ${e.id}`);
      owner.set(w, e.id);
    }
  }
});

test('the words a reader meets in autopsies and timelines all have an entry', () => {
  const words = ['pipe', 'fd', 'wchan', 'futex', 'wait4', 'EAGAIN', 'fork', 'socket', 'QueueFeederThread', 'do_wait'];
  const more = ['futex_do_wait', 'anon_pipe_write', 'epoll_pwait', 'V8Worker', 'FSReqCallback', 'libuv-worker'];
  for (const w of [...words, ...more, 'subreaper']) {
    assert.equal(termSegments(w).length, 1, w);
    assert.ok(termSegments(w)[0]!.term, `"${w}" links to no entry`);
  }
  for (const id of ['page', 'state-s', 'feeder-thread', 'socketpair', 'libuv-worker']) assert.ok(entry(id), id);
});

test('definitions: a one-sentence short one, and no number (outside commands) measured on some machine', () => {
  for (const e of entries) {
    assert.match(e.short, /^[A-Z"'`].*[.)]$/, `${e.id}: the short definition is a sentence`);
    const prose = codeSpans(`${e.short} ${e.long}`).filter((s) => !s.code);
    assert.doesNotMatch(prose.map((s) => s.text).join(''), /\d\d/, `${e.id} carries a number outside code`);
  }
});

test('termSegments: whole words, the longest first, each term once with a shared set', () => {
  assert.deepEqual(termSegments('futex_do_wait'), [{ text: 'futex_do_wait', term: 'futex-do-wait' }]);
  assert.deepEqual(termSegments('futex wait, no timeout'), [
    { text: 'futex', term: 'futex' },
    { text: ' wait, no timeout' },
  ]);
  assert.deepEqual(
    termSegments('write(fd 4 → pipe:[9790])').map((s) => s.term ?? s.text),
    ['write(', 'fd', ' 4 → ', 'pipe', ':[9790])'],
  );
  assert.deepEqual(termSegments('pipelines'), [{ text: 'pipelines' }]);
  const seen = new Set<string>();
  termSegments('wait4(pid 812)', seen);
  assert.deepEqual(termSegments('wait4 again', seen), [{ text: 'wait4 again' }]);
});

test('links and code spans', () => {
  assert.equal(termHref('/hangtime/sub', 'futex'), '/hangtime/sub/glossary/#futex');
  assert.equal(termHref('/', 'fd'), '/glossary/#fd');
  assert.deepEqual(codeSpans('calls `futex` and sleeps'), [
    { text: 'calls ', code: false },
    { text: 'futex', code: true },
    { text: ' and sleeps', code: false },
  ]);
});
