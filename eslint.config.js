// ESLint for every workspace: typescript-eslint's recommended rules, React's hook rules in web/,
// and the import boundaries of docs/architecture.md ("imports point inward"), which replace the
// old regex test server/src/architecture.test.ts. `npm run lint` runs it; `npm test` too.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * server/src/<layer> may import (by relative path) only these layers of server/src. Data flows
 * one way: edges (http, relay) → core → ports ← providers / storage → platform; only main/
 * constructs and wires the adapters, and nothing imports main/.
 */
const serverLayers = {
  core: ['core'],
  platform: ['platform', 'core'],
  providers: ['providers', 'core', 'platform'],
  storage: ['storage', 'core', 'platform'],
  http: ['http', 'core', 'platform'],
  relay: ['relay', 'core', 'platform'],
  config: ['config'],
  sandbox: ['sandbox', 'core', 'platform', 'providers'],
  main: ['main', 'config', 'core', 'http', 'relay', 'platform', 'providers', 'storage', 'sandbox'],
};

/** The files a workspace exposes as its package entry (`exports["."]`: source, then the build). */
const entry = (pkg) => [`./${pkg}/src/index.ts`, `./${pkg}/dist/index.d.ts`, `./${pkg}/dist/index.js`];

/** Zones for import-x/no-restricted-paths, matched against resolved file paths. */
const zones = [
  ...Object.entries(serverLayers).map(([layer, allowed]) => ({
    target: `./server/src/${layer}`,
    from: './server/src',
    except: allowed.map((l) => `./${l}`),
    message: `server/src/${layer}/ may import only ${allowed.join(', ')} (docs/architecture.md: imports point inward).`,
  })),
  {
    target: './server/src',
    from: '.',
    except: ['./server/src', './node_modules', ...entry('contract'), ...entry('emulator')],
    message: 'The server reaches other workspaces only through their package entry (@mailbridge/contract).',
  },
  {
    target: './emulator/src',
    from: '.',
    except: ['./emulator/src', './node_modules'],
    message: 'The emulator is a stand-in for Microsoft: it imports nothing from the server or any other workspace.',
  },
  {
    target: './web/src',
    from: '.',
    except: ['./web/src', './node_modules', ...entry('contract')],
    message: 'web/ talks to the server only through the contract, imported as @mailbridge/contract (its package entry).',
  },
  {
    target: './contract/src',
    from: '.',
    except: ['./contract/src', './node_modules'],
    message: 'The contract imports nothing from other workspaces.',
  },
];

const onlyContractAndPureLibs = {
  // ipaddr.js: pure address arithmetic (the relay's allowed networks, core/relay/relay-network.ts).
  regex: '^(?!\\.|@mailbridge/contract$|zod(/|$)|ipaddr\\.js$|node:(crypto|util|events|buffer)$)',
  message:
    'core/ imports only core/, @mailbridge/contract, zod, ipaddr.js and pure node: built-ins (crypto, util, events, buffer); anything with I/O (fastify, kysely, pg, pino, fetch clients, …) goes behind a port in ports.ts.',
};
const noEmulator = {
  name: '@mailbridge/emulator',
  message: 'Only server/src/sandbox/ runs the emulator inside the server.',
};

export default defineConfig(
  { ignores: ['**/node_modules/', '**/dist/', '**/*.tsbuildinfo', '**/coverage/'] },

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a parameter kept for its position, a rest sibling).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  // Tests may poke at internals and fake loosely-typed things.
  {
    files: ['**/*.test.ts', '**/testing/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // web/: a browser bundle with React.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      // These three come from the React Compiler's checks, and the app is not built with the
      // compiler. They flag idioms web/ uses on purpose: loading data from an effect
      // (`useEffect(() => void load(), [load])`), the latest-callback ref
      // (`ref.current = onCancel` during render) and reading the clock while rendering.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      'react-hooks/purity': 'off',
    },
  },

  // Migrations take Kysely<any> on purpose: they must keep working after schema.ts has moved on
  // (Kysely's migration guide).
  {
    files: ['server/src/storage/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // Import boundaries (docs/architecture.md house style rule 1). Tests sit beside the code and may
  // wire across layers like main/ does, so they are exempt, as they were from the old test.
  {
    files: ['{contract,emulator,server,web}/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          // Resolve workspaces to their TypeScript source, as tsconfig's customConditions does.
          conditionNames: ['source', 'types', 'import', 'node', 'default'],
          project: ['tsconfig.base.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      // no-restricted-paths skips what it cannot resolve: make sure it can resolve everything.
      'import-x/no-unresolved': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/src/sandbox/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noEmulator] }] },
  },
  {
    files: ['server/src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onlyContractAndPureLibs] }] },
  },
  {
    files: ['contract/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.|zod(/|$))', message: 'The contract imports only zod.' }] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@mailbridge/*', '!@mailbridge/contract'], message: 'web/ reaches the server only through the contract.' },
            { group: ['@mailbridge/*/*'], message: 'Import the contract through its package entry only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['emulator/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@mailbridge/*'], message: 'The emulator imports nothing from Mailbridge.' }] }],
    },
  },
  {
    // Configuration is read once, in config/ (and main/ entry points); everything else gets a Config.
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/src/config/**', 'server/src/main/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'process.env is read only in config/ (and main/ entry points).' }],
    },
  },
);
