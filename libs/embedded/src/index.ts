// Servers embedded for the zero-configuration defaults of `npm start` and of tests run without servers.
// Kept out of @forebyg/core so that nothing in the api or worker loads them in production.
export * from './embedded-postgres.js';
export * from './mail-catcher.js';
