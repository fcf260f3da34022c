// Lint rules, including the direction of imports from .library STYLE:
// server/webparts -> tab/review -> sharepoint -> domain; nothing imports a composition root.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((p) => ({ group: [p.group], message: p.message })) },
  ],
});

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
      { group: '**/sharepoint/**', message: 'src/domain imports nothing from the rest of the app.' },
      { group: '**/tab/**', message: 'src/domain imports nothing from the rest of the app.' },
      { group: '**/review/**', message: 'src/domain imports nothing from the rest of the app.' },
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/sharepoint/**'],
    rules: restrict([
      { group: 'react', message: 'src/sharepoint is data access: no React.' },
      { group: '**/tab/**', message: 'src/sharepoint depends on src/domain only.' },
      { group: '**/review/**', message: 'src/sharepoint depends on src/domain only.' },
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
        group: '**/sharepoint/sp-client*',
        message: 'src/tab reaches data through interfaces handed in by the host, never spfi directly.',
      },
      noEmulator,
      noServer,
    ]),
  },
  {
    files: ['src/review/**'],
    rules: restrict([
      { group: '**/tab/**', message: 'src/tab and src/review are siblings: share code through src/domain.' },
      { group: 'react', message: 'src/review runs in the service: no React.' },
      noEmulator,
      noServer,
    ]),
  },
  {
    // The review service's write API: rules, token validation, the HTTP handler and the tab's client.
    files: ['src/service-api/**'],
    rules: restrict([
      { group: 'react', message: 'src/service-api is the service side of the write API: no React.' },
      { group: '**/tab/**', message: 'src/service-api depends on src/sharepoint and src/domain only.' },
      { group: '**/review/**', message: 'src/service-api depends on src/sharepoint and src/domain only.' },
      {
        group: '**/sharepoint/sp-client*',
        message: 'src/service-api writes through the RegisterStore it is handed, never spfi directly.',
      },
      noEmulator,
      noServer,
    ]),
  },
  {
    // Committee papers, exports and import: pure functions over the domain and the storage ports.
    files: ['src/reports/**', 'src/import/**'],
    rules: restrict([
      { group: 'react', message: 'src/reports and src/import are UI-free: the tab calls them.' },
      {
        group: '**/tab/**',
        message: 'src/reports and src/import may import only src/domain and src/sharepoint ports.',
      },
      {
        group: '**/review/**',
        message: 'src/reports and src/import may import only src/domain and src/sharepoint ports.',
      },
      {
        group: '**/sharepoint/sp-client*',
        message: 'src/reports and src/import reach storage through RegisterStore, never spfi directly.',
      },
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
