import type { DataSourceOptions, MigrationInterface, MixedList } from 'typeorm';
import pg from 'pg';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// A PostgreSQL `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of pg's default of a
// JavaScript Date at local midnight, which shifts by a day in any time zone west of the server's.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * The one place TypeORM is configured, for the api, the worker, the CLI and tests alike.
 * `synchronize` is never on: the schema is whatever the reviewed migrations in `migrations/` make it.
 */
export function dataSourceOptions(opts: {
  url: string;
  name?: string;
  migrations?: MixedList<string | (new () => MigrationInterface)>;
  poolSize?: number;
  applicationName?: string;
}): DataSourceOptions {
  return {
    type: 'postgres',
    name: opts.name,
    url: opts.url,
    synchronize: false,
    migrationsRun: false,
    migrations: opts.migrations ?? [],
    migrationsTableName: 'typeorm_migrations',
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: opts.applicationName ?? 'forebyg',
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 },
    // Not 'error': TypeORM would print failing queries with their parameters (personal data) outside
    // the redacting logger. Failures reach the error filter and the redacting logs anyway.
    logging: ['migration'],
  } as DataSourceOptions;
}
