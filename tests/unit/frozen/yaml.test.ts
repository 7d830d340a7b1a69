// The YAML of frozen documents: what it writes reads back as the same value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromYaml, toYaml } from '../../../src/frozen/yaml.ts';

test('YAML: scalars that look like other types are quoted and read back as strings', () => {
  const value = { a: '3', b: 'true', c: '01-x/y.py', d: '[PID1]', e: 'null', f: 3, g: null, h: '6.18.44-fc', i: '' };
  assert.deepEqual(fromYaml(toYaml(value)), value);
});
