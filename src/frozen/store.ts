// Reading and writing frozen files (atomically: a temp file, then rename), and finding them all.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrozen, renderFrozen, type FrozenDoc } from './document.ts';
import { FROZEN_SUFFIX } from './identity.ts';

/** The frozen document at `path`, or null when there is none. Malformed files throw, naming file:line. */
export function readFrozen(path: string, shown = path): FrozenDoc | null {
  if (!existsSync(path)) return null;
  return parseFrozen(readFileSync(path, 'utf8'), shown);
}

/** Writes a frozen document whole or not at all. */
export function writeFrozen(path: string, doc: FrozenDoc): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, renderFrozen(doc));
  renameSync(tmp, path);
}

/** Every frozen file under `dir` (absolute paths, sorted). */
export function listFrozen(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(join(d, e.name));
      else if (e.isFile() && e.name.endsWith(FROZEN_SUFFIX)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
}
