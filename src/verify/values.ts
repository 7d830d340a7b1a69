// Published values, compared as each one declares: `exact` (deep equality), `range` (a number
// within the declared min/max), `shape` (same type, array lengths, object keys, table columns; the
// numbers themselves may move: memory, a socketpair's limit) or `order` (an object or array of
// numbers: which is larger, "processes > threads > one thread"). A value published `quiet: true`
// means something only on a quiet machine: it compares by order or shape, and not at all when
// either run was busy (a note says so).
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

/** "processes > threads = async > one": the keys (or indices) of numbers, largest first; null when not numbers. */
export function orderOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'number' && Number.isFinite(v))) return null;
  const sorted = (entries as [string, number][]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return sorted.map(([k, v], i) => (i === 0 ? k : `${v === sorted[i - 1]![1] ? '=' : '>'} ${k}`)).join(' ');
}

/** Why a fresh value does not stand for its frozen one, or null when it does. */
export function valueProblem(frozen: FrozenValue, fresh: FrozenValue): string | null {
  if (frozen.compare !== fresh.compare) return `compare changed from ${frozen.compare} to ${fresh.compare}`;
  if (fresh.quiet && (fresh.compare === 'range' || fresh.compare === 'exact'))
    return (
      `a quiet measurement compares by order or shape, not "${fresh.compare}": ` +
      'publish it with compare "order" (which is larger) or "shape"'
    );
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
  if (fresh.compare === 'order') {
    const [a, b] = [orderOf(frozen.value), orderOf(fresh.value)];
    if (b === null) return `"order" needs an object or array of numbers, got ${canonicalJson(fresh.value)}`;
    return a === b ? null : `order changed from ${a ?? canonicalJson(frozen.value)} to ${b}`;
  }
  const a = canonicalJson(shapeOf(frozen.value));
  const b = canonicalJson(shapeOf(fresh.value));
  return a === b ? null : `shape changed from ${a} to ${b}`;
}

/** Whether each run was quiet (true), busy (false) or of unknown load (null): see explain/conditions.ts. */
export interface Quietness {
  frozen: boolean | null;
  fresh: boolean | null;
  /** "frozen at a load average of 7.88 on 2 cores", for notes. */
  words: string;
}

/**
 * Pairs frozen and fresh values by name (and order among equal names). Returns the fresh list
 * with every value that passes replaced by its frozen copy (so a diff shows only real changes;
 * --update writes the fresh values, never this list), one problem line per value that does not
 * pass, and notes for quiet values left uncompared because a run was busy.
 */
export function compareValues(
  frozen: FrozenValue[],
  fresh: FrozenValue[],
  quiet: Quietness = { frozen: true, fresh: true, words: '' },
): { patched: FrozenValue[]; problems: string[]; notes: string[] } {
  const pool = new Map<string, FrozenValue[]>();
  for (const v of frozen) pool.set(v.name, [...(pool.get(v.name) ?? []), v]);
  const problems: string[] = [];
  const notes: string[] = [];
  const patched = fresh.map((v) => {
    const old = pool.get(v.name)?.shift();
    if (!old) {
      problems.push(`value "${v.name}" is new (not in the frozen result)`);
      return v;
    }
    let problem = valueProblem(old, v);
    const uncompared = v.quiet && old.quiet && v.compare === old.compare && v.compare === 'order';
    if (problem && uncompared && (quiet.frozen !== true || quiet.fresh !== true)) {
      notes.push(`value "${v.name}" (quiet) not compared: ${quiet.words}`);
      problem = null;
    }
    if (problem) {
      problems.push(`value "${v.name}": ${problem}`);
      return v;
    }
    return old.min === v.min && old.max === v.max && old.unit === v.unit && old.quiet === v.quiet
      ? old
      : { ...old, min: v.min, max: v.max, unit: v.unit, quiet: v.quiet };
  });
  for (const [name, left] of pool) for (const _ of left) problems.push(`value "${name}" is no longer published`);
  return { patched, problems, notes };
}
