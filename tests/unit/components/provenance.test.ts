// Where a page's runs ran, said once: the page's note, and what a run says only when it differs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differences, pageProvenance, sourceWords } from '../../../src/components/provenance.ts';
import type { RunResult } from '../../../src/runner/schema.ts';

const run = (language: string, python = '3.11.7', startedAt = '2026-11-29T12:31:00.000Z') =>
  ({
    startedAt,
    snippet: { language },
    host: {
      os: 'linux',
      kernel: '6.1.0',
      arch: 'x64',
      cpus: 2,
      load: [0.5, 0.5, 0.5],
      node: 'v24.21.0',
      python: { path: '/usr/bin/python3', version: python, startMethod: 'fork' },
    },
  }) as unknown as RunResult;

test('the page says the machine, the runtimes and the day once; how the runs reached it', () => {
  const runs = [run('py'), run('py'), run('ts')].map((result) => ({ source: 'frozen' as const, result }));
  assert.equal(
    pageProvenance(runs),
    'The runs on this page happened on 29 November 2026 on Linux 6.1.0 (x64, 2 cores), with Node v24.21.0 and ' +
      'Python 3.11.7 (start method fork). They are recorded runs, replayed by this build without running them again.',
  );
  assert.match(pageProvenance([{ source: 'run', result: run('py') }])!, /Each ran while this page was built\.$/);
  assert.equal(pageProvenance([]), null);
});

test('a run names only what differs from the page', () => {
  const runs = [run('py'), run('py'), run('py', '3.12.1')];
  assert.deepEqual(differences(runs[0]!, runs), []);
  assert.deepEqual(differences(runs[2]!, runs), ['Python 3.12.1 (start method fork)']);
  assert.equal(sourceWords({ source: 'cache' }), 'ran for an earlier build of the same code, and was kept');
});
