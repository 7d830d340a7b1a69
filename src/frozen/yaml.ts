// A small YAML writer for JSON-shaped data, tuned for reviewable diffs: block style,
// except that a list or map of plain scalars goes on one line when it fits
// (`{size: 65514, hung: false}`, `[str, 65514, 65514]`). js-yaml reads it back;
// its own dump() can only switch to flow style by depth, which puts either a whole
// table on one line or every cell on its own.
import yaml from 'js-yaml';

const FLOW_WIDTH = 160;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~|-?\.?inf|\.nan)$/i;

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

export function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return String(v);
  const s = String(v);
  const plain = /^[\w/][\w./@+-]*(?: [\w./@+()-]+)*$/.test(s) && !RESERVED.test(s) && fromYaml(s) === s;
  return plain ? s : JSON.stringify(s);
}

function key(k: string): string {
  return /^[A-Za-z_][\w-]*$/.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

function flow(v: unknown): string | null {
  if (isScalar(v)) return scalar(v);
  if (Array.isArray(v)) {
    if (!v.every(isScalar)) return null;
    return `[${v.map(scalar).join(', ')}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (!entries.every(([, x]) => isScalar(x))) return null;
  return `{${entries.map(([k, x]) => `${key(k)}: ${scalar(x)}`).join(', ')}}`;
}

function block(v: unknown, indent: string): string[] {
  if (Array.isArray(v)) {
    if (v.length === 0) return ['[]'];
    const lines: string[] = [];
    for (const item of v) {
      const one = flow(item);
      if (one !== null && (isScalar(item) || one.length + indent.length <= FLOW_WIDTH)) {
        lines.push(`- ${one}`);
        continue;
      }
      const inner = block(item, `${indent}  `);
      lines.push(`- ${inner[0]}`, ...inner.slice(1).map((l) => `  ${l}`));
    }
    return lines;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return ['{}'];
  const lines: string[] = [];
  for (const [k, x] of entries) {
    const one = flow(x);
    if (one !== null && (isScalar(x) || one.length + indent.length + k.length <= FLOW_WIDTH)) {
      lines.push(`${key(k)}: ${one}`);
      continue;
    }
    const inner = block(x, `${indent}  `);
    if (inner.length === 1 && (inner[0] === '[]' || inner[0] === '{}')) {
      lines.push(`${key(k)}: ${inner[0]}`);
      continue;
    }
    lines.push(`${key(k)}:`, ...inner.map((l) => `  ${l}`));
  }
  return lines;
}

/** YAML text for a JSON-shaped value (no trailing newline). */
export function toYaml(value: unknown): string {
  const one = flow(value);
  if (one !== null && isScalar(value)) return one;
  return block(value, '').join('\n');
}

/** Reads YAML (JSON-compatible schema: no dates, no custom tags). */
export function fromYaml(text: string): unknown {
  return yaml.load(text, { schema: yaml.JSON_SCHEMA });
}
