import { Writable } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@forebyg/core';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';

export interface TestWorker {
  app: INestApplicationContext;
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real worker module in this process, on the same database, Redis and queue prefix as a test api, so a
 * test drives the whole path: upload over HTTP, job through BullMQ, processing in the worker.
 */
export async function startTestWorker(config: AppConfig): Promise<TestWorker> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { logStream: sink as never }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  return { app, logs, close: () => app.close() };
}
