// Lint enforces the layering: app/ is plain Node, renderer/ reaches the system only through the wallet API.
import tseslint from 'typescript-eslint';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports.',
};

/** app/ is the Electron-free core: no UI, no host; `confined` modules only where they belong. */
function appLayer(files, ignores, confined) {
  return [
    {
      files,
      ignores,
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            paths: [
              ...['electron', 'react', 'react-dom', 'zustand'].map((name) => ({
                name,
                message: 'app/ is the Electron-free core: no UI imports.',
              })),
              ...confined.map((name) => ({
                name,
                message: `${name} belongs in one module of app/ (see ARCHITECTURE.md, Layers).`,
              })),
            ],
            patterns: [
              { group: ['react-dom/*', 'electron/*', 'zustand/*'], message: 'app/ is the Electron-free core.' },
              {
                group: ['../main/*', '../../main/*', '../renderer/*', '../../renderer/*'],
                message: 'app/ must not depend on a host.',
              },
            ],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-restricted-syntax': ['error', noDefaultExport],
      // The size standard (ARCHITECTURE.md): an exception says why in its eslint-disable comment.
      'max-len': ['error', { code: 120 }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  ...appLayer(
    ['app/**/*.ts'],
    ['app/common/**', 'app/secrets/keytar-store.ts', 'app/dashboard/**', 'app/log/logger.ts'],
    ['keytar', 'ws', 'pino'],
  ),
  // The one place each of these native or heavy modules may enter the core.
  ...appLayer(['app/secrets/keytar-store.ts'], [], ['ws', 'pino']),
  ...appLayer(['app/dashboard/**/*.ts'], [], ['keytar', 'pino']),
  ...appLayer(['app/log/logger.ts'], [], ['keytar', 'ws']),
  {
    // The pure layer every runtime may import, the renderer included: no Node, no I/O, nothing outside it.
    files: ['app/common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom', 'zustand', 'keytar', 'ws', 'pino'].map((name) => ({
            name,
            message: 'app/common/ is pure.',
          })),
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'net', 'http', 'https', 'crypto', 'child_process'],
              message: 'app/common/ is pure: no Node built-ins.',
            },
            {
              group: ['../*', '!./*'],
              allowTypeImports: true,
              message: 'app/common/ imports only app/common/ (and types).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'keytar', 'fs', 'child_process', 'net', 'http', 'https'].map((name) => ({
            name,
            message: 'renderer/ talks only to the wallet API.',
          })),
          patterns: [
            { group: ['node:*'], message: 'renderer/ talks only to the wallet API.' },
            {
              group: [
                '../app/*',
                '../../app/*',
                '../../../app/*',
                '!../app/common',
                '!../app/common/*',
                '!../../app/common',
                '!../../app/common/*',
                '!../../../app/common',
                '!../../../app/common/*',
              ],
              allowTypeImports: true,
              message: 'renderer/ may import only types from app/, and values from the pure layer app/common/.',
            },
            { group: ['../main/*', '../../main/*'], message: 'renderer/ must not import main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/ipc.ts', 'main/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'IPC goes through main/ipc.ts and main/preload.ts only.',
            },
          ],
          patterns: [{ group: ['../renderer/*'], message: 'main/ must not import renderer code.' }],
        },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'main/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'scripts/**/*.ts', 'bin/**/*.js'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
