import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, DatabaseModule, QueueModule } from '@forebyg/core';
import { AuditModule } from '@forebyg/audit';
import { AuthCoreModule } from '@forebyg/auth';
import { DemoModule } from '@forebyg/demo';
import { OrganisationModule } from '@forebyg/organisation';

/** What operator commands need: the services, no HTTP and no queue processors. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ applicationName: 'forebyg-cli', poolSize: 2 }),
        QueueModule,
        AuditModule,
        OrganisationModule,
        AuthCoreModule,
        DemoModule,
      ],
    };
  }
}
