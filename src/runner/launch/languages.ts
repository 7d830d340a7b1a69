// The snippet files hangtime runs, by extension: the one list every message and usage text names.
// No imports: the CLI's usage text reads it without loading the engine.

/** Each extension hangtime runs, and the language it is run as. */
export const EXTENSIONS = {
  '.py': 'py',
  '.ts': 'ts',
  '.mts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
} as const;

/** The extensions as a sentence names them: ".py, .ts, .mts, .js, .mjs or .cjs". */
export const EXTENSION_LIST = (() => {
  const all = Object.keys(EXTENSIONS);
  return `${all.slice(0, -1).join(', ')} or ${all.at(-1)}`;
})();
