import { Controller, Get, OnModuleDestroy } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { Public, QUEUES, QueueFactory } from '@forebyg/core';

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly probeQueue: Queue;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queues: QueueFactory,
  ) {
    this.probeQueue = queues.createQueue(QUEUES.maintenance.name);
  }

  /** Liveness: the process answers. */
  @Get()
  @Public()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the database and the queue backend answer. */
  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      async (): Promise<HealthIndicatorResult> => {
        await Promise.race([
          this.queues.ping(this.probeQueue),
          new Promise((_, reject) => setTimeout(() => reject(new Error('queue timeout')), 3000)),
        ]);
        return { queue: { status: 'up', backend: this.queues.backend } };
      },
    ]);
  }

  async onModuleDestroy() {
    await this.probeQueue.close();
  }
}
