#!/usr/bin/env node
/**
 * First step of `npm test` and `npm start`: says which Node.js runs the product and refuses one older than
 * `engines` in package.json. npm scripts run on the Node 24 LTS that the `node` dev dependency installs
 * (node_modules/.bin comes first on an npm script's PATH), whatever Node runs npm itself.
 */
const { engines } = require('../package.json');
const minimum = /(\d+)\.(\d+)\.(\d+)/.exec(engines.node);
const [major, minor, patch] = process.versions.node.split('.').map(Number);
const [wantMajor, wantMinor, wantPatch] = minimum.slice(1).map(Number);
const tooOld =
  major < wantMajor ||
  (major === wantMajor && (minor < wantMinor || (minor === wantMinor && patch < wantPatch)));
console.log(`Node.js ${process.version} (${process.execPath}); engines: ${engines.node}`);
if (tooOld || major !== wantMajor) {
  console.error(
    `This project runs on Node.js ${engines.node}, not ${process.version}. Run it through npm ` +
      '(`npm start`, `npm test`), which uses the Node 24 that `npm install` put in node_modules/.bin.',
  );
  process.exit(1);
}
