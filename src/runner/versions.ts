// The versions of the shapes a run is stored in, alone (no zod): the engine stamps them on what it
// makes without loading the schemas that check them (result.ts, autopsy/schema.ts).

/**
 * Bumped whenever the shape changes: part of every cache key. 2: the autopsy holds facts only;
 * 3: how the tree was held (outcome.containment); 4: the host's load average, quiet values, 'order';
 * 5: outcomes stuck and waiting, the proof (the wait-for graph's last judgement).
 * 6: what ran may be a command (snippet.language 'js' or 'command', no sha256 for a command), the
 * autopsy's wait-for facts (AUTOPSY_VERSION 3).
 */
export const SCHEMA_VERSION = 6;

/** Bumped whenever the autopsy's shape changes (3: the wait-for facts). */
export const AUTOPSY_VERSION = 3;
