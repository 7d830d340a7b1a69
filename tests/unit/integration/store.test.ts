// The site store is read through its schema: a valid store comes back whole, a file that is not
// JSON or not this version's shape fails naming the file, the path inside it and the fix.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readFrozen } from '../../../src/frozen/store.ts';
import { thaw } from '../../../src/frozen/thaw.ts';
import { parseStore, type SiteStore } from '../../../src/integration/store.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const frozen = path.join(root, 'tests/fixtures/verify/runnable/01-fixture/greet.py.greet.frozen.md');
const result = thaw(readFrozen(frozen)!, frozen, { expect: { kind: 'exit', code: 0 } });
const store: SiteStore = {
  version: 1,
  writtenAt: '2026-01-01T00:00:00.000Z',
  chapters: {
    '01-x': {
      file: 'content/chapters/01-x.mdx',
      runs: [
        {
          key: '01-fixture/greet.py#greet',
          line: 9,
          src: '01-fixture/greet.py',
          id: 'greet',
          source: 'frozen',
          result,
        },
      ],
      values: {
        greeting: {
          name: 'greeting',
          value: 'hi',
          compare: 'exact',
          src: '01-fixture/greet.py',
          run: '01-fixture/greet.py#greet',
        },
      },
    },
  },
};

test('a store written by a build reads back as it was', () => {
  assert.deepEqual(parseStore(JSON.stringify(store), 'results.json'), store);
});

test('a store that is not JSON names the file and the fix', () => {
  assert.throws(
    () => parseStore('{"version": 1,', '.hangtime/site/results.json'),
    new RegExp(
      /^Error: \.hangtime\/site\/results\.json: the results store is not JSON \(.*\)\. /.source +
        /Rebuild \(`npm run build`\) to write it again\.$/.source,
    ),
  );
});

test('a store of another shape names the file, the path inside it and the fix', () => {
  const broken = structuredClone(store) as unknown as { chapters: Record<string, { runs: Record<string, unknown>[] }> };
  broken.chapters['01-x']!.runs[0]!.source = 'guessed';
  delete (broken.chapters['01-x']!.runs[0]!.result as Record<string, unknown>).outcome;
  assert.throws(
    () => parseStore(JSON.stringify(broken), 'results.json'),
    (error: Error) => {
      assert.match(
        error.message,
        /^results\.json: the results store does not have the shape this hangtime reads\. Rebuild/,
      );
      assert.match(error.message, /→ at chapters\["01-x"\]\.runs\[0\]\.source/);
      assert.match(error.message, /→ at chapters\["01-x"\]\.runs\[0\]\.result\.outcome/);
      return true;
    },
  );
  assert.throws(() => parseStore('{"version": 2}', 'results.json'), /→ at version/);
});
