import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule, DatabaseModule, pinoHttpOptions, QueueModule } from '@forebyg/core';
import { ArrearsModule } from '@forebyg/arrears';
import { AuditModule } from '@forebyg/audit';
import { AuthModule } from '@forebyg/auth';
import { NotificationsModule } from '@forebyg/notifications';
import { EscalationModule } from '@forebyg/escalation';
import { CasesModule } from '@forebyg/cases';
import { OrganisationModule } from '@forebyg/organisation';
import { PartnersModule, ReferralsModule } from '@forebyg/referrals';
import { TenanciesModule } from '@forebyg/tenancies';
import { HealthController } from './health.controller.js';

/** The HTTP api: one import per capability. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, opts: { logStream?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // nestjs-pino's default middleware route (`{/*splat}`) matches nothing under platform-fastify 12.5: name the catch-all.
        LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(config.LOG_LEVEL, opts.logStream), forRoutes: [{ path: '*path', method: RequestMethod.ALL }] }),
        DatabaseModule.forRoot({ applicationName: 'forebyg-api', poolSize: 20 }),
        QueueModule,
        TerminusModule,
        AuditModule,
        OrganisationModule,
        AuthModule,
        TenanciesModule,
        CasesModule,
        ArrearsModule,
        NotificationsModule,
        EscalationModule,
        PartnersModule,
        ReferralsModule,
      ],
      controllers: [HealthController],
    };
  }
}
