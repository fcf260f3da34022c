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

const APP_FOLDERS = ['domain', 'ports', 'sharepoint', 'import', 'reports', 'service-api', 'review', 'tab'];

/**
 * A UI-free layer of the app: no React, none of the app folders but `allowed` (the domain is always
 * allowed), never src/testing, the list service or a composition root.
 */
const layer = ({ folder, purpose, allowed, extra = [] }) => ({
  files: [`src/${folder}/**`],
  rules: restrict([
    { group: 'react', message: `src/${folder} ${purpose}: no React.` },
    ...extra,
    ...layers(
      `src/${folder} may import ${['domain', ...allowed].map((f) => `src/${f}`).join(', ')} only.`,
      APP_FOLDERS.filter((f) => f !== folder && f !== 'domain' && !allowed.includes(f)),
    ),
    noTesting,
    noEmulator,
    noServer,
  ]),
});

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
  // The storage ports: what the app may ask of the register's storage, over the domain only.
  layer({
    folder: 'ports',
    purpose: 'holds contracts',
    allowed: [],
    extra: [{ group: '@pnp/*', message: 'src/ports is the contract; PnPjs belongs in src/sharepoint.' }],
  }),
  layer({ folder: 'sharepoint', purpose: 'is data access', allowed: ['ports'] }),
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
  // The review service's write API: rules, token validation, the HTTP handler and the tab's client.
  layer({ folder: 'service-api', purpose: 'is the service side of the write API', allowed: ['ports'] }),
  // Committee papers and exports: pure functions over the domain and the storage ports (and the
  // import's cell formats, which an export writes so that import reads them back).
  layer({ folder: 'reports', purpose: 'is UI-free (the tab calls it)', allowed: ['ports', 'import'] }),
  layer({ folder: 'import', purpose: 'is UI-free (the tab calls it)', allowed: ['ports'] }),
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
