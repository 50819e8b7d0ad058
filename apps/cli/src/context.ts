import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@forebyg/core';
import { CliModule } from './cli.module.js';

/** Runs `fn` inside a Nest application context of the CLI module, then closes it. */
export async function withContext<T>(config: AppConfig, fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'], abortOnError: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
