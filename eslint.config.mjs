import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

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
    // The dashboard reaches the embedded cluster only over HTTP (DESIGN.md).
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
];
export default config;
