import { Queue, QueueOptions, Worker, WorkerOptions, Processor, JobsOptions, createPostgresBackend } from 'bullmq';
import { Redis } from 'ioredis';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueConnectionConfig {
  backend: QueueBackendKind;
  redisUrl?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for the BullMQ tables when running on the PostgreSQL backend. */
  pgSchema?: string;
  /** Redis key prefix, lets tests share one Redis without seeing each other's jobs. */
  prefix?: string;
}

/**
 * Builds BullMQ queues and workers on the configured backend: Redis in production (REDIS_URL), or
 * BullMQ's PostgreSQL backend when no Redis is configured, so `npm start` needs no server at all.
 */
export class QueueFactory {
  private readonly redisConnections: Redis[] = [];

  constructor(
    private readonly config: QueueConnectionConfig,
    private readonly onError: (where: string, err: Error) => void = (where, err) => console.error(`[queue] ${where}: ${err.message}`),
  ) {}

  get backend(): QueueBackendKind {
    return this.config.backend;
  }

  private redis(): Redis {
    const conn = new Redis(this.config.redisUrl!, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
    this.redisConnections.push(conn);
    return conn;
  }

  private pgConnection() {
    return { connectionString: this.config.databaseUrl!, schema: this.config.pgSchema ?? 'bullmq', migrate: true, max: 4 };
  }

  createQueue<T = unknown>(name: string, defaultJobOptions: JobsOptions = {}): Queue<T> {
    const queue =
      this.config.backend === 'redis'
        ? new Queue<T>(name, { connection: this.redis(), defaultJobOptions, prefix: this.config.prefix } satisfies QueueOptions)
        : (new Queue(name, { connection: this.pgConnection(), defaultJobOptions } as never, createPostgresBackend as never) as unknown as Queue<T>);
    // A connection error must be reported, not crash the process (an EventEmitter 'error' without a listener throws).
    queue.on('error', (err: Error) => this.onError(`queue ${name}`, err));
    return queue;
  }

  createWorker<T = unknown>(name: string, processor: Processor<T>, opts: Omit<WorkerOptions, 'connection'> = {}): Worker<T> {
    const worker =
      this.config.backend === 'redis'
        ? new Worker<T>(name, processor, { ...opts, connection: this.redis(), prefix: this.config.prefix })
        : (new Worker(name, processor as never, { ...opts, connection: this.pgConnection() } as never, createPostgresBackend as never) as unknown as Worker<T>);
    worker.on('error', (err: Error) => this.onError(`worker ${name}`, err));
    return worker;
  }

  /** Readiness probe for /health/ready. */
  async ping(queue: Queue): Promise<void> {
    await queue.waitUntilReady();
    await queue.getJobCounts('waiting');
  }

  async close(): Promise<void> {
    await Promise.all(this.redisConnections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
