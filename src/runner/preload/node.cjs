// Loaded into every Node process of a run through NODE_OPTIONS (--require: cheaper than
// --import, which starts the ESM loader early), never by a reader.
// Node's module compile cache, in the engine's private cache folder (HANGTIME_NODE_CACHE): each
// module's compiled code, TypeScript's stripped text included, keyed by the file's content. A
// program that runs again (a reader's second `hangtime run app.ts`, a rebuilt page) skips the
// stripping, ~70 ms of a small .ts program's start; what it does is unchanged.
// V8's memory reducer arms an ~8 s timer on the main loop that no program asked for; to the
// watcher it looks exactly like a pending setTimeout, so a hung .ts snippet would never be
// proven hung. The engine starts the root with --no-memory-reducer (a V8 flag NODE_OPTIONS
// refuses); this adds the same flag when the tree starts another Node, and changes nothing else.
'use strict';
const childProcess = require('node:child_process');
const { syncBuiltinESMExports } = require('node:module');

if (process.env.HANGTIME_NODE_CACHE) require('node:module').enableCompileCache?.(process.env.HANGTIME_NODE_CACHE);

const FLAG = '--no-memory-reducer';
const isNode = (file) => file === process.execPath || file === 'node';

for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) {
  const original = childProcess[name];
  childProcess[name] = function (file, args, ...rest) {
    if (isNode(file) && Array.isArray(args) && !args.includes(FLAG)) args = [FLAG, ...args];
    else if (isNode(file) && !Array.isArray(args))
      return original.call(this, file, [FLAG], ...(args === undefined ? rest : [args, ...rest]));
    return original.call(this, file, args, ...rest);
  };
}
syncBuiltinESMExports();
