// Lint rules, including the direction of imports from .library STYLE:
// server/webparts -> tab, review, service-api -> reports -> import -> ports -> domain, and
// sharepoint -> ports -> domain (composition roots hand the SharePoint implementation to the ports);
// nothing imports a composition root.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      // `**/x/**` also forbids the folder's index (`../x`).
      patterns: patterns.map((p) => ({
        group:
          p.group.endsWith('/**') && p.group.startsWith('**/') ? [p.group, p.group.slice(0, -3)] : [p.group],
        message: p.message,
      })),
    },
  ],
});

/** One restriction per app folder a layer must not import. */
const layers = (message, folders) => folders.map((f) => ({ group: `**/${f}/**`, message }));

const noTesting = {
  group: '**/testing/**',
  message: 'src/testing holds stand-ins for tests and the bench; product code never imports it.',
};
const noServer = { group: '**/server/**', message: 'Nothing imports a composition root (src/server).' };
const noEmulator = {
  group: '**/emulator/**',
  message: 'Only composition roots and tests use the local list service directly.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'build/**',
      'coverage/**',
      '.data/**',
      '.bench/**',
      'devTools/**',
      'test-results/**',
      'webparts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.configs.recommended.rules },
  },
  {
    files: ['src/domain/**'],
    rules: restrict([
      { group: 'react', message: 'src/domain is pure TypeScript: no React.' },
      { group: 'react-dom', message: 'src/domain is pure TypeScript: no React.' },
      { group: '@pnp/*', message: 'src/domain is pure: SharePoint access belongs in src/sharepoint.' },
      { group: '@microsoft/*', message: 'src/domain is pure: Teams code belongs in src/review or src/tab.' },
      { group: '@fluentui/*', message: 'src/domain is pure TypeScript: no UI.' },
      { group: 'node:*', message: 'src/domain does no I/O.' },
      { group: 'fs', message: 'src/domain does no I/O.' },
      { group: 'http', message: 'src/domain does no I/O.' },
      { group: 'path', message: 'src/domain does no I/O.' },
      { group: '../**', message: 'src/domain imports nothing from the rest of the app.' },
    ]),
  },
  {
    // The storage ports: what the app may ask of the register's storage, over the domain only.
    files: ['src/ports/**'],
    rules: restrict([
      { group: 'react', message: 'src/ports holds contracts: no React.' },
      { group: '@pnp/*', message: 'src/ports is the contract; PnPjs belongs in src/sharepoint.' },
      ...layers('src/ports depends on src/domain only.', [
        'sharepoint',
        'tab',
        'review',
        'reports',
        'import',
        'service-api',
      ]),
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/sharepoint/**'],
    rules: restrict([
      { group: 'react', message: 'src/sharepoint is data access: no React.' },
      ...layers('src/sharepoint depends on src/ports and src/domain only.', [
        'tab',
        'review',
        'reports',
        'import',
        'service-api',
      ]),
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/tab/**'],
    rules: restrict([
      {
        group: '**/review/**',
        message: 'src/tab and src/review are siblings: share code through src/domain.',
      },
      {
        group: '**/sharepoint/**',
        message:
          'src/tab reaches data through the ports (src/ports) its host hands in, never src/sharepoint.',
      },
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/review/**'],
    rules: restrict([
      { group: '**/tab/**', message: 'src/tab and src/review are siblings: share code through src/domain.' },
      { group: 'react', message: 'src/review runs in the service: no React.' },
      {
        group: '**/sharepoint/**',
        message: 'src/review reaches the register through the ports (src/ports), never src/sharepoint.',
      },
      ...layers('src/review uses the domain and the ports only.', ['reports', 'import', 'service-api']),
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    // The review service's write API: rules, token validation, the HTTP handler and the tab's client.
    files: ['src/service-api/**'],
    rules: restrict([
      { group: 'react', message: 'src/service-api is the service side of the write API: no React.' },
      ...layers('src/service-api depends on src/ports and src/domain only.', [
        'tab',
        'review',
        'sharepoint',
        'reports',
        'import',
      ]),
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    // Committee papers and exports: pure functions over the domain and the storage ports (and the
    // import's cell formats, which an export writes so that import reads them back).
    files: ['src/reports/**'],
    rules: restrict([
      { group: 'react', message: 'src/reports is UI-free: the tab calls it.' },
      ...layers('src/reports may import src/domain, src/ports and src/import only.', [
        'tab',
        'review',
        'sharepoint',
        'service-api',
      ]),
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/import/**'],
    rules: restrict([
      { group: 'react', message: 'src/import is UI-free: the tab calls it.' },
      ...layers('src/import may import src/domain and src/ports only.', [
        'tab',
        'review',
        'sharepoint',
        'service-api',
        'reports',
      ]),
      noTesting,
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/emulator/**'],
    rules: restrict([
      { group: '**/tab/**', message: 'The list service is independent of the app.' },
      { group: '**/review/**', message: 'The list service is independent of the app.' },
      {
        group: '**/sharepoint/**',
        message: 'The list service must not share code with the client it emulates.',
      },
      { group: '**/ports/**', message: 'The list service must not share code with the client it emulates.' },
      noTesting,
      noServer,
    ]),
  },
  {
    // The bench measures the product with the same stand-ins the tests use, never the tests' own code.
    files: ['bench/**'],
    rules: restrict([
      {
        group: '**/tests/**',
        message: 'The bench is independent of tests: share stand-ins through src/testing.',
      },
    ]),
  },
  {
    files: ['**/*.cjs', 'gulpfile.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
