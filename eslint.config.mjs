// Lint for the whole tree, plus the rule that keeps workflow and domain code deterministic and free of I/O:
// workflows/** and libs/domain/** may not import Node built-ins, Nest, the ORM, drivers or the infrastructure lib.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const IO_PACKAGES = [
  'node:*',
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'pg',
  'minio',
  'jose',
  'file-type',
  'busboy',
  'nestjs-pino',
  'prom-client',
  'class-validator',
  'class-transformer',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@app/*',
  '**/libs/infrastructure/**',
  '**/activities/*.activities',
];
const restricted = (extra = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: NODE_BUILTINS.map((name) => ({ name, message: 'workflow and domain code must stay deterministic: no Node built-ins' })),
      patterns: [
        // `import type` is erased at compile time, so workflows may name activity types (proxyActivities<T>).
        {
          group: [...IO_PACKAGES, ...extra],
          allowTypeImports: true,
          message: 'workflow and domain code must not do I/O: use activities (workflows) or pass values in (domain)',
        },
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.cache/**',
      'coverage/**',
      'bench/results/**',
      'test/integration/fixtures/bad-*/**',
      '*.js',
      'libs/client/src/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: { ...restricted(), '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }] },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restricted(['@temporalio/*']),
  },
);
