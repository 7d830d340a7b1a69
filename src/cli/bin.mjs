#!/usr/bin/env node
// The `hangtime` command. Plain JavaScript so that an old Node can still say why it cannot go on.
import './check-node.mjs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { oneZod } from './one-zod.mjs';

// The user's cache folder holds what makes a second `hangtime` start fast: Node's compile cache
// (type-stripped TypeScript included; NODE_COMPILE_CACHE, when set, wins) and zod as one file.
// A cache that cannot be written only costs the time it would have saved.
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hangtime');
enableCompileCache?.(process.env.NODE_COMPILE_CACHE ?? join(cache, 'node-compile-cache'));
oneZod(cache);

const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
