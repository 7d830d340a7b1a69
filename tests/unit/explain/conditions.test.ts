// The conditions of a measurement: quiet when the one-minute load was at most half the cores;
// unknown when the load was not recorded; the note a page shows in place of a claim.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { busyNote, conditionsOf } from '../../../src/explain/conditions.ts';
import { collectSource } from '../../../src/collect/index.ts';
import { lintSource } from '../../../src/lint/lint.ts';

test('quiet, busy and unknown', () => {
  assert.equal(conditionsOf({ cpus: 2, load: [0.4, 2, 3] }).quiet, true);
  assert.equal(conditionsOf({ cpus: 2, load: [1, 0, 0] }).quiet, true);
  const busy = conditionsOf({ cpus: 2, load: [15.7, 9, 4] });
  assert.equal(busy.quiet, false);
  assert.equal(busy.words, 'a load average of 15.70 on 2 cores');
  const unknown = conditionsOf({ cpus: 2 });
  assert.equal(unknown.quiet, null);
  assert.equal(conditionsOf(null).quiet, null);
  assert.match(
    busyNote(busy, 'The claim made here'),
    new RegExp(
      /^The claim made here means something only on a quiet machine, /.source +
        /and the machine that ran it was busy /.source +
        /\(a load average of 15\.70 on 2 cores; quiet means at most 0\.5 per core\)/.source,
    ),
  );
  assert.match(busyNote(unknown), /the load of the machine that ran it was not recorded/);
});

test('<Quiet name> is collected as a value the chapter needs, and its prose is linted', () => {
  const text = 'Intro.\n\n<Quiet name="py_order">\n\nProcesses beat threads 2 to 1.\n\n</Quiet>\n';
  const chapter = collectSource(text, 'content/chapters/09-x.mdx');
  assert.deepEqual(
    chapter.values.map((v) => [v.component, v.name, v.line]),
    [['Quiet', 'py_order', 3]],
  );
  assert.deepEqual(
    lintSource(text, 'c.mdx').map((p) => p.number),
    ['2', '1'],
  );
});
