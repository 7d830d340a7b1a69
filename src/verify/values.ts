// Published values, compared as each one declares: `exact` (deep equality), `range`
// (a number within the declared min/max) or `shape` (same type, array lengths, object keys,
// table columns; the numbers themselves may move: speed-ups, memory, a socketpair's limit).
import type { FrozenValue } from '../frozen/document.ts';
import { canonicalJson } from '../frozen/identity.ts';

/** A value's shape: type, array length and keys; a table's columns are kept whole. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = k === 'columns' && Array.isArray(v) ? v : shapeOf(v);
    return out;
  }
  return typeof value;
}

/** Why a fresh value does not stand for its frozen one, or null when it does. */
export function valueProblem(frozen: FrozenValue, fresh: FrozenValue): string | null {
  if (frozen.compare !== fresh.compare) return `compare changed from ${frozen.compare} to ${fresh.compare}`;
  if (fresh.compare === 'exact') {
    return canonicalJson(frozen.value) === canonicalJson(fresh.value)
      ? null
      : `expected ${canonicalJson(frozen.value)}, got ${canonicalJson(fresh.value)}`;
  }
  if (fresh.compare === 'range') {
    if (fresh.min === undefined && fresh.max === undefined)
      return 'compare "range" needs min or max: publish it with {compare: "range", min, max}';
    if (typeof fresh.value !== 'number') return `a range needs a number, got ${canonicalJson(fresh.value)}`;
    if (fresh.min !== undefined && fresh.value < fresh.min) return `${fresh.value} is below min ${fresh.min}`;
    if (fresh.max !== undefined && fresh.value > fresh.max) return `${fresh.value} is above max ${fresh.max}`;
    return null;
  }
  const a = canonicalJson(shapeOf(frozen.value));
  const b = canonicalJson(shapeOf(fresh.value));
  return a === b ? null : `shape changed from ${a} to ${b}`;
}

/**
 * Pairs frozen and fresh values by name (and order among equal names). Returns the fresh
 * list with every value that passes replaced by its frozen copy (so diffs and --update
 * leave it alone) and one problem line per value that does not.
 */
export function compareValues(
  frozen: FrozenValue[],
  fresh: FrozenValue[],
): { patched: FrozenValue[]; problems: string[] } {
  const pool = new Map<string, FrozenValue[]>();
  for (const v of frozen) pool.set(v.name, [...(pool.get(v.name) ?? []), v]);
  const problems: string[] = [];
  const patched = fresh.map((v) => {
    const old = pool.get(v.name)?.shift();
    if (!old) {
      problems.push(`value "${v.name}" is new (not in the frozen result)`);
      return v;
    }
    const problem = valueProblem(old, v);
    if (problem) {
      problems.push(`value "${v.name}": ${problem}`);
      return v;
    }
    return old.min === v.min && old.max === v.max && old.unit === v.unit
      ? old
      : { ...old, min: v.min, max: v.max, unit: v.unit };
  });
  for (const [name, left] of pool) for (const _ of left) problems.push(`value "${name}" is no longer published`);
  return { patched, problems };
}
