import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { QueueFactory } from './queue-factory.js';

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

/** Provides the QueueFactory for the configured backend (Redis, or BullMQ's PostgreSQL backend). */
@Global()
@Module({
  providers: [
    {
      provide: QueueFactory,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new QueueFactory({
          backend: config.queueBackend,
          redisUrl: config.REDIS_URL,
          databaseUrl: config.DATABASE_URL,
          prefix: config.QUEUE_PREFIX,
        }),
    },
  ],
  exports: [QueueFactory],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(QueueFactory) private readonly factory: QueueFactory) {}

  async onApplicationShutdown(): Promise<void> {
    await this.factory.close();
  }
}
