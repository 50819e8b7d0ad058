import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule, DatabaseModule, pinoOptions, QueueModule } from '@forebyg/core';
import { ArrearsWorkerModule } from '@forebyg/arrears';
import { AuditModule } from '@forebyg/audit';
import { MaintenanceModule } from '@forebyg/maintenance';
import { NotificationsWorkerModule } from '@forebyg/notifications';
import { EscalationWorkerModule } from '@forebyg/escalation';
import { ReferralsWorkerModule } from '@forebyg/referrals';

/** The queue worker: no public HTTP, one module per capability's processors. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, opts: { logStream?: DestinationStream } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { ...pinoOptions(config.LOG_LEVEL, 'forebyg-worker'), stream: opts.logStream } as never }),
        DatabaseModule.forRoot({ applicationName: 'forebyg-worker', poolSize: 10 }),
        QueueModule,
        AuditModule,
        MaintenanceModule,
        ArrearsWorkerModule,
        NotificationsWorkerModule,
        EscalationWorkerModule,
        ReferralsWorkerModule,
      ],
    };
  }
}
