// Classic (CJS) jest with swc: Nest 12 is ESM-only, and jest's native ESM mode cannot load it on Node 20
// (see ../shared/STACK.md). swc transpiles our TypeScript and the ESM packages Nest pulls in.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      // useDefineForClassFields: false as in tsconfig.json (the production tsc build): DTO instances carry only the keys sent.
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false, react: { runtime: 'automatic' } },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const esmPackages = [
  '@nestjs', 'file-type', 'uid', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', 'load-esm',
  'commander', '@borewit', 'content-disposition', '@fastify/cookie', 'cookie',
].join('|');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test,migrations}/**/*.{spec,integration-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/', '<rootDir>/test/browser/', '<rootDir>/test/bench/'],
  transform: { '^.+\\.(t|mj|j|cj)sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: {
    '^@forebyg/migrations$': '<rootDir>/migrations/index.ts',
    '^@forebyg/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  testTimeout: 60000,
  // BullMQ's PostgreSQL backend keeps a LISTEN client that can outlive app.close() by a moment; never let that hang CI.
  forceExit: true,
  maxWorkers: 2,
};
