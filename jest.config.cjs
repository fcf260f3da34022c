/**
 * One jest config, two projects: fast unit/integration tests, and the browser and chat
 * end-to-end tests that start the real local stack (slower, run one file at a time).
 */
// ESM-only packages that jest must transform to CommonJS before it can require them.
// sanitize-html 2.18's HTML parser (htmlparser2 12 and its dom* and entities packages) is ESM-only too.
const esmPackages = [
  '@pnp',
  'adaptivecards',
  'croner',
  'date-fns',
  'docx',
  'strip-bom',
  'htmlparser2',
  'domhandler',
  'domutils',
  'dom-serializer',
  'domelementtype',
  'entities',
  // jwks-rsa 4 (inside the Teams SDK 2.1's token validation) requires jose 6, which is ESM-only.
  'jose',
].join('|');

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
