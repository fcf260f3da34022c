/**
 * `npm run test:package`: the slow package build test (installs the SPFx toolchain when missing,
 * then `npm run package`). Separate from the unit suite because it takes minutes.
 */
const path = require('node:path');
const root = require('../../jest.config.cjs');

const unit = root.projects.find((p) => p.displayName === 'unit');

module.exports = {
  ...unit,
  rootDir: path.join(__dirname, '..', '..'),
  displayName: 'package',
  testMatch: ['<rootDir>/tests/package/**/*.package.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 30 * 60 * 1000,
};
