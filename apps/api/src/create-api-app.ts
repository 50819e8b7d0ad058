import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, createValidationPipe, HttpErrorFilter, requestIdOf } from '@forebyg/core';
import { AppModule } from './app.module.js';
import { registerJsonBodyParser, rejectMultipartOutsideUploads } from './json-body-parser.js';
import { registerQueueBoard } from './queue-board.js';

export interface RouteInfo {
  method: string;
  url: string;
}

export interface ApiAppOptions {
  logStream?: DestinationStream;
  /** Directory of the built web UI (served under `/` with a fallback to index.html for client routes). */
  webDir?: string | null;
}

/**
 * Builds the api exactly as production runs it (main.ts) and as the end-to-end tests drive it: Fastify,
 * cookies, helmet, CORS allowlist, validation, the one error filter, OpenAPI and the web UI.
 */
export async function createApiApp(config: AppConfig, opts: ApiAppOptions = {}): Promise<{ app: NestFastifyApplication; routes: RouteInfo[] }> {
  const adapter = new FastifyAdapter({
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req: import('node:http').IncomingMessage) => {
      const id = requestIdOf(req);
      (req as unknown as { id: string }).id = id;
      return id;
    },
  });
  const routes: RouteInfo[] = [];
  adapter.getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, { logStream: opts.logStream }), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  registerJsonBodyParser(app.getHttpAdapter().getInstance());
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  await app.register(fastifyCookie as never);
  // Snapshot uploads as a form with one file (the web UI's upload); refused on every other route.
  await app.register(fastifyMultipart as never, {
    limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12, fileSize: config.ARREARS_MAX_UPLOAD_MB * 1024 * 1024 },
  });
  rejectMultipartOutsideUploads(app.getHttpAdapter().getInstance());
  await app.register(fastifyHelmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Behind plain HTTP (local demo), upgrading would break every request; behind TLS it is wanted.
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    hsts: config.cookieSecure,
  });
  if (config.CORS_ORIGINS.length) app.enableCors({ origin: config.CORS_ORIGINS, credentials: true });

  app.useGlobalPipes(createValidationPipe());
  const webDir = opts.webDir === undefined ? defaultWebDir() : opts.webDir;
  const indexHtml = webDir && existsSync(path.join(webDir, 'index.html')) ? readFileSync(path.join(webDir, 'index.html'), 'utf8') : null;
  app.useGlobalFilters(new HttpErrorFilter(indexHtml));
  if (indexHtml && webDir) {
    await app.register(fastifyStatic as never, { root: webDir, prefix: '/', wildcard: false, index: false });
  }
  // Bull Board under /admin/queues: admins only, same session cookie; its own (equally strict) CSP.
  await registerQueueBoard(app, { cookieSecure: config.cookieSecure });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Forebyg API')
      .setDescription('Case workflow for eviction prevention in Danish social housing. Staff authenticate with the session cookie from /api/v1/auth/login; machine clients with `Authorization: Bearer <api key>`.')
      .setVersion('1')
      .addCookieAuth('forebyg_session')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.init();
  return { app, routes };
}

function defaultWebDir(): string | null {
  const dir = path.resolve(process.cwd(), 'dist/web');
  return existsSync(dir) ? dir : null;
}
