// One schema per component, shared by the collector and the .astro file: the page provides
// exactly the registry's components, each component types and parses its props with its schema,
// every prop can explain itself, and a render-time mistake is Astro's error with a hint.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AstroError } from 'astro/errors';
import { z } from 'zod';
import { COMPONENTS, pinMatches, readPin, readProps, type PropsOf } from '../../../src/collect/index.ts';
import { helpOf } from '../../../src/collect/props.ts';
import { parseWithFriendlyErrors } from '../../../src/components/props.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

test('the chapter page provides exactly the components a chapter may use', () => {
  const page = read('src/pages/[chapter].astro');
  const provided = /<Content\s+components=\{\{([^}]*)\}\}/
    .exec(page)?.[1]
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  assert.deepEqual(provided?.sort(), Object.keys(COMPONENTS).sort());
});

test("each component's Props and parsed props come from its schema, not a declaration of its own", () => {
  for (const name of Object.keys(COMPONENTS)) {
    const source = read(`src/components/${name}.astro`);
    assert.match(source, new RegExp(`type Props = PropsOf<'${name}'>;`), `${name}.astro: Props from the schema`);
    assert.match(source, new RegExp(`parseWithFriendlyErrors\\('${name}', Astro\\.props, Astro\\.locals\\)`), name);
    assert.doesNotMatch(source, /interface Props|Astro\.props\./, `${name}.astro reads no prop around the schema`);
  }
});

test('the Props type is the schema input (checked by tsc)', () => {
  const value: PropsOf<'Value'> = { name: 'pipe_bytes', pin: '65,514', format: 'bytes' };
  // @ts-expect-error: not a format
  const badFormat: PropsOf<'Value'> = { name: 'x', format: 'hex' };
  // @ts-expect-error: a <Run> needs its src
  const noSrc: PropsOf<'Run'> = { expect: 'hang' };
  const run: PropsOf<'Run'> = { src: 'a.py', alone: true, quietMs: 200, args: ['x'] };
  assert.ok(value && badFormat && noSrc && run);
  const parsed: z.output<typeof COMPONENTS.Run> = readProps('Run', run);
  assert.deepEqual(parsed, { src: 'a.py', show: 'all', options: { alone: true, quietMs: 200, args: ['x'] } });
});

test('every prop of every component says what it takes and how to write it', () => {
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    const object = (schema instanceof z.ZodPipe ? schema.in : schema) as z.ZodObject;
    for (const [prop, field] of Object.entries(object.shape)) {
      const help = helpOf(field as z.ZodType);
      assert.ok(help, `<${name}> ${prop} has help`);
    }
  }
});

test('a <Run> parses to the spec the collector runs: only the options written, the engine fills the rest', () => {
  const spec = readProps('Run', {
    src: '01-x/bob.py',
    id: 'bob-hang',
    expect: 'signal=SIGKILL',
    timeout: '2m',
    quietMs: '200',
    region: 'main',
    title: 'Bob',
    alone: 'true',
    pythonBuffering: 'default',
    allowLeftovers: false,
    color: true,
  });
  assert.deepEqual(spec, {
    src: '01-x/bob.py',
    id: 'bob-hang',
    region: 'main',
    show: 'region',
    title: 'Bob',
    options: {
      expect: { kind: 'signal', name: 'SIGKILL' },
      timeoutMs: 120_000,
      quietMs: 200,
      alone: true,
      pythonBuffering: 'default',
      allowLeftovers: false,
      color: true,
    },
  });
});

test('<Run unfold>: the page shows the whole transcript; how it is shown is no option of the run', () => {
  const spec = readProps('Run', { src: '01-x/bob.py', unfold: true });
  assert.equal(spec.unfolded, true);
  assert.deepEqual(spec.options, {}, 'the same run, and so the same record, as without unfold');
  assert.equal(readProps('Run', { src: '01-x/bob.py' }).unfolded, undefined);
});

test('a mistake at render time is an AstroError naming the chapter, with a hint', () => {
  const error = (() => {
    try {
      parseWithFriendlyErrors('Value', { name: 'x', format: 'hex' }, { chapter: '09-x' });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof AstroError, 'AstroError');
  assert.match(error.message, /^09-x: <Value> format="hex" is not a format$/);
  assert.equal(error.hint, 'Valid formats are: int, bytes, ms, s, x, cores, raw.');
});

test('pins: read once, compared one way (the page and verify share pinMatches)', () => {
  assert.equal(readPin('65,514'), 65514);
  assert.equal(readPin(' 1,234.5 '), 1234.5);
  assert.equal(readPin('6,5514'), '6,5514', 'separators in threes only');
  assert.equal(readPin('~64 KiB'), '~64 KiB');
  assert.ok(pinMatches(65514, 65514));
  assert.ok(pinMatches(65514, '65514'), 'a number published as text');
  assert.ok(pinMatches('~64 KiB', '~64 KiB'));
  assert.ok(!pinMatches(65514, 65536));
  assert.ok(!pinMatches(1, true), 'true is not 1');
  assert.ok(!pinMatches(65514, { value: 65514 }));
});
