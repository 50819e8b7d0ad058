import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { checkServers, ConfigError, heapLimitWarning, loadConfig } from '@forebyg/core';
import { ArrearsImportProcessor } from '@forebyg/arrears';
import { MaintenanceProcessor } from '@forebyg/maintenance';
import { MailProcessor, OutboxRelay, ReminderProcessor } from '@forebyg/notifications';
import { EscalationProcessor } from '@forebyg/escalation';
import { PartnerDeliveryProcessor } from '@forebyg/referrals';
import { startHealthServer } from './health-server.js';
import { WorkerModule } from './worker.module.js';

async function main() {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set. `npm start` runs an embedded PostgreSQL for you; to run the worker alone, set DATABASE_URL.');
  const unreachable = await checkServers(config);
  if (unreachable.length) throw new Error(unreachable.join('; '));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const maintenance = app.get(MaintenanceProcessor);
  const arrears = app.get(ArrearsImportProcessor);
  const running = [maintenance, arrears, app.get(ReminderProcessor), app.get(MailProcessor), app.get(OutboxRelay), app.get(EscalationProcessor), app.get(PartnerDeliveryProcessor)];
  const health = startHealthServer({
    host: config.HOST,
    port: config.WORKER_HEALTH_PORT,
    ds: app.get<DataSource>(getDataSourceToken()),
    workersRunning: () => running.every((p) => p.isRunning()),
  });
  const heapWarning = heapLimitWarning(config);
  if (heapWarning) app.get(Logger).warn(heapWarning);
  app.get(Logger).log(`forebyg-worker running (queue backend: ${config.queueBackend}); health on ${config.HOST}:${config.WORKER_HEALTH_PORT}`);
  // Graceful shutdown: Nest's hooks close the BullMQ workers, which wait for active jobs to finish.
  const stop = () => health.close();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`forebyg-worker failed to start: ${(err as Error).message}`);
  process.exit(1);
});
