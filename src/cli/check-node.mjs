// Stops early, in one line, when the Node running us is too old for Astro 7 and Node's type stripping.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `hangtime needs Node >= 22.12 (this is ${process.version}); ` +
      'run it through npm (npm start, npm test, npx hangtime), which uses the Node 24 that package.json pins.',
  );
  process.exit(1);
}
