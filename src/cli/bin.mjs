#!/usr/bin/env node
// The `hangtime` command. Plain JavaScript so that an old Node can still say why it cannot go on.
import './check-node.mjs';

const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
