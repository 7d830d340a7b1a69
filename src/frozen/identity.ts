// Run identity: which frozen file belongs to which run, and which shard runs it.
// A run is named by its snippet plus either the Run's `id` (chosen by the chapter) or,
// without an id, a hash of the options that differ from the defaults. Defaults are left out
// on purpose: adding a new engine option with a default must not rename every frozen file.
//
// Frozen files sit next to their snippet (so a reviewer sees them together):
//   runnable/01-x/bob.py.frozen.md            no id, default options
//   runnable/01-x/bob.py.bob-hang.frozen.md   <Run id="bob-hang" …>
//   runnable/01-x/bob.py.3f9c0a1e.frozen.md   no id, non-default options (hash)
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { RunOptions, type RunOptionsInput } from '../runner/schema.ts';

export const FROZEN_SUFFIX = '.frozen.md';

const defaults = RunOptions.parse({}) as Record<string, unknown>;

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** The options that differ from the engine's defaults (cwd is the engine's business: dropped). */
export function significantOptions(input: RunOptionsInput): Record<string, unknown> {
  const parsed = RunOptions.parse(input) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(parsed).sort()) {
    if (key === 'cwd') continue;
    if (canonicalJson(parsed[key]) !== canonicalJson(defaults[key])) out[key] = parsed[key];
  }
  return out;
}

/** What a run id may hold: it names a frozen file and a page anchor. */
export const RUN_ID = /^[\w.-]+$/;

/** The part of a frozen file's name between the snippet's name and the suffix ('' for none). */
export function runLabel(options: RunOptionsInput, id?: string): string {
  if (id) {
    if (!RUN_ID.test(id)) throw new Error(`run id "${id}" cannot name a file: use letters, digits, '-', '_' or '.'`);
    return id;
  }
  const significant = significantOptions(options);
  if (Object.keys(significant).length === 0) return '';
  return createHash('sha256').update(canonicalJson(significant)).digest('hex').slice(0, 8);
}

/** Where the frozen result of this run lives (absolute when `file` is). */
export function frozenPathFor(file: string, options: RunOptionsInput, id?: string): string {
  const label = runLabel(options, id);
  return join(dirname(file), `${basename(file)}${label ? `.${label}` : ''}${FROZEN_SUFFIX}`);
}

/** A stable identity string: snippet path (as given, relative to the repo) + label. */
export function runIdentity(snippet: string, options: RunOptionsInput, id?: string): string {
  return `${snippet.replace(/\\/g, '/')}#${runLabel(options, id) || 'default'}`;
}

/** Parses "--shard i/n" (1-based i): returns null for malformed text. */
export function parseShard(text: string): { index: number; count: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return null;
  return { index, count };
}

/** Which shard (1-based) owns a run: a hash of its identity, so adding a run moves no other. */
export function shardOf(identity: string, count: number): number {
  const h = createHash('sha256').update(identity).digest();
  return (h.readUInt32BE(0) % count) + 1;
}
