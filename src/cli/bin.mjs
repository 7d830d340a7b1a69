#!/usr/bin/env node
// The `hangtime` command. Plain JavaScript so that an old Node can still say why it cannot go on.
import './check-node.mjs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Node's compile cache (type-stripped TypeScript included) under the user's cache folder: a second
// `hangtime run` compiles nothing again. NODE_COMPILE_CACHE, when set, wins; a cache that cannot be
// written only costs the time it would have saved.
enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE ??
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hangtime', 'node-compile-cache'),
);

const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
