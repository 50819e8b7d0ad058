// jest's globalSetup/globalTeardown are transpiled but not resolved through moduleNameMapper. This hook
// gives them the same resolution as the tests: `@forebyg/x` path aliases and `.js` suffixes on
// relative imports of TypeScript files (ESM style, as the build needs).
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '../..');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === '@forebyg/migrations') request = path.join(root, 'migrations/index.ts');
  else if (/^@forebyg\/[a-z-]+$/.test(request)) request = path.join(root, 'libs', request.slice(9), 'src/index.ts');
  else if (request.startsWith('.') && request.endsWith('.js') && parent && parent.filename) {
    const ts = path.resolve(path.dirname(parent.filename), request.replace(/\.js$/, '.ts'));
    if (fs.existsSync(ts)) request = ts;
  }
  return original.call(this, request, parent, ...rest);
};
