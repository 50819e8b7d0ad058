import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

/** The app's TypeORM connection. DATABASE_URL is always set by the time a Nest app starts (the launcher sets it for embedded mode). */
@Module({})
export class DatabaseModule {
  static forRoot(opts: { applicationName: string; poolSize?: number }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
            return dataSourceOptions({ url: config.DATABASE_URL, applicationName: opts.applicationName, poolSize: opts.poolSize });
          },
        }),
      ],
    };
  }
}
