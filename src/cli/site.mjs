#!/usr/bin/env node
// `npm run build`, `npm start`, `npm run dev`: Astro runs inside this very process, through its
// JavaScript API. A shell script (`check-node && astro build`) would put a shell between npm and
// the build, and a SIGTERM to npm's child would end the shell and leave the build and its runs
// going; here the signal reaches the process that holds the runs, and the engine kills their trees.
// Plain JavaScript so that an old Node can still say why it cannot go on.
import './check-node.mjs';

const USAGE = 'usage: node src/cli/site.mjs build|start|dev';
const command = process.argv[2];
if (!['build', 'start', 'dev'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}
// What a killed build or engine left running (and its temporary folders) goes before anything else.
const { sweepOnce } = await import('../runner/contain/index.ts');
sweepOnce();
const astro = await import('astro');
try {
  if (command === 'dev') {
    await astro.dev({});
  } else {
    await astro.build({});
    // The preview server of Astro's API writes no lock file: a second `npm start` of this checkout
    // serves on the next free port instead of refusing (what `astro preview --ignore-lock` does).
    if (command === 'start') await astro.preview({});
    else process.exit(0);
  }
} catch (error) {
  // A chapter that is not true (RunsFailedError) says so in its message, file:line first; anything
  // else is unexpected and keeps its stack.
  const failed = error instanceof Error && (error.name === 'RunsFailedError' || error.name === 'LockTimeoutError');
  console.error(failed ? `\n${error.message}` : error);
  process.exit(1);
}
