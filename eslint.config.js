import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'output/', 'data/', 'scratch/', 'bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Loaded with require where it starts every run (issue #21): zod's ES build is ninety modules through the
    // TypeScript loader (src/scheme/zod.ts); importing DuckDB's CommonJS package makes Node lex all its files (store/db.ts).
    files: ['src/**/*.ts'],
    ignores: ['src/scheme/zod.ts', 'src/store/db.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'Import z from src/scheme/zod.ts.', allowTypeImports: true },
            { name: '@duckdb/node-api', message: 'Use the Store of src/store/db.ts.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
