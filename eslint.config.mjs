import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/**
 * The embedded cluster's layers (emulator/NOTES.md "Layers") and what each may import:
 * core → nothing outside core; api → core; auth → core, api; apiserver → core, api, auth;
 * controllers → core, api. The composition at the top (server.ts, cli.ts, scenarios/) may import
 * anything. Tests and `testing/` helpers are exempt: they compose layers to exercise them.
 *
 * One block per folder depth, so `../` is read exactly: from `emulator/api/strategies/x.ts`,
 * `../../core/types` enters core and `../validation/field` stays inside api.
 */
const EMULATOR_LAYERS = {
  core: [],
  api: ['core'],
  auth: ['core', 'api'],
  apiserver: ['core', 'api', 'auth'],
  controllers: ['core', 'api'],
};

function layerRules() {
  const blocks = [];
  for (const [layer, allowed] of Object.entries(EMULATOR_LAYERS)) {
    const inside = [layer, ...allowed].join('|');
    const message = allowed.length
      ? `emulator/${layer} may import only from ${allowed.map((a) => `emulator/${a}`).join(', ')}.`
      : `emulator/${layer} imports nothing from outside emulator/${layer}.`;
    for (let depth = 1; depth <= 4; depth++) {
      const up = `(\\.\\./){${depth}}`;
      blocks.push({
        files: [`emulator/${layer}/${'*/'.repeat(depth - 1)}*.{ts,tsx,mts}`],
        // controllers/test-cluster.ts is a test helper still outside a testing/ folder.
        ignores: ['**/*.test.ts', '**/testing/**', 'emulator/controllers/test-cluster.ts'],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                // Leaving the layer's folder for anything but an allowed layer.
                { regex: `^${up}(?!(${allowed.join('|') || '$^'})(/|$))`, message },
                { regex: `^@/(?!emulator/(${inside})(/|$))`, message },
              ],
            },
          ],
        },
      });
    }
  }
  return blocks;
}

const config = [
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The dashboard reaches the embedded cluster only over HTTP.
    files: ['app/**', 'components/**', 'lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/emulator/**', '@/emulator/**'],
              message: 'The dashboard reaches the embedded cluster only over HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    // client-node and lib/k8s are server-only; the browser may import their types only.
    files: ['components/**', 'lib/topology/**', 'lib/graph/**', 'lib/store/**', 'lib/stream/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@kubernetes/client-node', allowTypeImports: true, message: 'server-only' },
          ],
          patterns: [
            {
              group: ['@/lib/k8s/*', '**/lib/k8s/*'],
              allowTypeImports: true,
              message: 'lib/k8s is server-only',
            },
          ],
        },
      ],
    },
  },
  ...layerRules(),
];
export default config;
