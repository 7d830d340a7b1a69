// zod as one file in the CLI's process. zod is ~95 modules, and resolving and linking each one costs
// more than loading all of hangtime's own (~80 ms of CPU with Node's compile cache warm, on a run
// that takes a few hundred): bundled once into the user's cache with esbuild (which tsx brings), it
// loads as one module. Every `import 'zod'` of this repository's code is then resolved to that file,
// so the process has one zod; a dependency's own zod is left alone. When the bundle cannot be made
// (no esbuild, no writable cache), zod loads as usual. Plain JavaScript: it runs before TypeScript.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ours = new URL('../', import.meta.url).href;

/**
 * Resolves this repository's `import 'zod'` to a bundle in `cacheDir` (made on the first import of
 * zod, not before: `hangtime run` of a program that exits loads no zod and pays nothing for it).
 * Where the bundle cannot be made (no esbuild, no writable cache), zod loads as usual.
 */
export function oneZod(cacheDir) {
  let url;
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier !== 'zod' || !context.parentURL?.startsWith(ours)) return next(specifier, context);
      url ??= bundle(cacheDir);
      return url ? { url, shortCircuit: true } : next(specifier, context);
    },
  });
  return true;
}

/** The bundle's URL, made first when missing; false when it cannot be. */
function bundle(cacheDir) {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('zod/package.json');
    const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
    const file = join(cacheDir, `zod-${version}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        require('esbuild').buildSync({
          entryPoints: [join(dirname(pkg), 'index.js')],
          bundle: true,
          format: 'esm',
          platform: 'node',
          outfile: tmp,
          logLevel: 'silent',
        });
        renameSync(tmp, file);
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    return pathToFileURL(file).href;
  } catch {
    return false;
  }
}
