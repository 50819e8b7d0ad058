// ESLint flat config: typescript-eslint's recommended rules for server, tests and web.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Raw SQL rows are untyped by nature; repositories map them to typed views.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
