#!/usr/bin/env node
// The `hangtime` command. Plain JavaScript, and nothing imported before the version check but the
// check itself: a static import is linked before any code runs, so one that needs a newer Node
// (node:module's registerHooks, enableCompileCache) would fail first, with Node's words, not ours.
import './check-node.mjs';

const { enableCompileCache } = await import('node:module');
const { homedir } = await import('node:os');
const { join } = await import('node:path');
const { oneZod } = await import('./one-zod.mjs');

// The user's cache folder holds what makes a second `hangtime` start fast: Node's compile cache
// (type-stripped TypeScript included; NODE_COMPILE_CACHE, when set, wins) and zod as one file.
// A cache that cannot be written only costs the time it would have saved.
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hangtime');
enableCompileCache?.(process.env.NODE_COMPILE_CACHE || join(cache, 'node-compile-cache'));
oneZod(cache);

const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
