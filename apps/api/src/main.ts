import 'reflect-metadata';
import { ConfigError, loadConfig } from '@forebyg/core';
import { createApiApp } from './create-api-app.js';

async function main() {
  const config = loadConfig();
  const { app } = await createApiApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err) => {
  // One clear line for operators; details only for unexpected failures.
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`forebyg-api failed to start: ${(err as Error).message}`);
  process.exit(1);
});
