// The files a snippet pulls in from this repository: part of its cache key, and what
// decides whether Node can strip its types or tsx's loader must run it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const tsImport =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const pyImport = /^\s*(?:from\s+([A-Za-z_][\w]*)\s+import|import\s+([A-Za-z_][\w]*))/gm;

/** The snippet and every local file it imports, transitively, in a stable order. */
export function localImports(file: string, libDirs: string[] = []): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    const abs = resolve(f);
    if (seen.has(abs) || !existsSync(abs)) return;
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      return; // a folder or a file this user cannot read: the program meets it (and says so) when it runs
    }
    seen.add(abs);
    if (abs.endsWith('.py')) {
      for (const m of text.matchAll(pyImport)) {
        const name = m[1] ?? m[2];
        for (const dir of [dirname(abs), ...libDirs]) {
          const candidate = join(dir, `${name}.py`);
          if (existsSync(candidate)) {
            visit(candidate);
            break;
          }
        }
      }
    } else {
      for (const m of text.matchAll(tsImport)) visit(join(dirname(abs), m[1] ?? m[2]!));
    }
  };
  visit(file);
  return [...seen].sort();
}
