/**
 * One jest config, two projects: fast unit/integration tests, and the browser and chat
 * end-to-end tests that start the real local stack (slower, run one file at a time).
 */
// ESM-only packages that jest must transform to CommonJS before it can require them.
const esmPackages = ['@pnp', 'adaptivecards', 'croner', 'date-fns', 'docx', 'strip-bom'].join('|');

const shared = {
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  // adaptivecards' lib/ is extensionless ESM; its UMD build loads in Node.
  moduleNameMapper: { '^adaptivecards$': 'adaptivecards/dist/adaptivecards.js' },
  setupFilesAfterEnv: ['<rootDir>/tests/setup.ts'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/**/*.test.ts?(x)'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
    },
  ],
};
