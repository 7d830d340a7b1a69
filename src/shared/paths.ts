// Where this repository is on disk: runnable/, tests/ and src/ hang off it.
import { fileURLToPath } from 'node:url';

/** The repository root, without a trailing slash (from this file's own location). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
