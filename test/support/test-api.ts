import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppConfig, loadConfig } from '@forebyg/core';
import { createApiApp, RouteInfo } from '../../apps/api/src/create-api-app.js';
import { createTestDatabase, TestDatabase } from './test-database.js';
import { TEST_PASSWORD } from './factories.js';

export interface TestApi {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  ds: DataSource;
  routes: RouteInfo[];
  /** Every log line the api wrote, for assertions about what must never be logged. */
  logs: string[];
  http(): ReturnType<typeof request>;
  login(email: string, password?: string, ip?: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the real api (as main.ts builds it) on a database of its own. */
export async function startTestApi(env: Record<string, string> = {}, opts: { webDir?: string | null } = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL,
    LOG_LEVEL: 'info',
    TRUST_PROXY: 'true',
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const { app, routes } = await createApiApp(config, { logStream: logStream as never, webDir: opts.webDir ?? null });
  await app.getHttpAdapter().getInstance().ready();
  const ds = app.get<DataSource>(getDataSourceToken());
  const api: TestApi = {
    app,
    config,
    db,
    ds,
    routes,
    logs,
    http: () => request(app.getHttpServer()),
    async login(email, password = TEST_PASSWORD, ip = '10.0.0.1') {
      const res = await request(app.getHttpServer()).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('forebyg_session='));
      return cookie!.split(';')[0]!;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
  return api;
}
