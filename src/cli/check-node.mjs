// Stops early, in one line, when the Node running us is too old for Astro 7 and Node's type stripping.
// No imports: it must run, and say so, on a Node too old for everything else here.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const repo = decodeURIComponent(new URL('../../', import.meta.url).pathname).replace(/\/$/, '');
  console.error(
    `hangtime needs Node >= 22.12 (this is ${process.version}); ` +
      'run it through npm in its folder (npm start, npm test, npx hangtime), or from anywhere with the ' +
      `Node 24 that package.json pins: ${repo}/node_modules/.bin/node ${repo}/src/cli/bin.mjs`,
  );
  process.exit(1);
}
