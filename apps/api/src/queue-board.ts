import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Actor, QUEUES, QueueFactory, requestContextOf, toErrorBody } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { RequestAuthenticator } from '@forebyg/auth';

/** Where the api serves Bull Board: every queue in QUEUES, for admins only (permission `queues:admin`). */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The board's page loads its own scripts and styles from /admin/queues/static. It needs nothing the app's CSP
 * does not allow except inline <style> blocks (already allowed for the web UI); its Google Fonts stylesheet stays
 * blocked on purpose (no request to a third party from an admin page; the board falls back to system fonts).
 * Kept as its own policy so a later Bull Board that needs more can be loosened here, for this path only.
 */
const BOARD_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

type BoardRequest = FastifyRequest & { actor?: Actor };

/**
 * Registers Bull Board on the api's Fastify instance under /admin/queues, behind the same session cookie as
 * the web UI: anonymous callers get 401 (a browser asking for the page is sent to /login), callers without
 * `queues:admin` get 403 and an `access.denied` audit row, and every change made through the board (retry,
 * clean, pause...) is audited as `queues.changed`. Works on both queue backends (Redis and BullMQ's
 * PostgreSQL backend). Must run before `app.init()`.
 */
export async function registerQueueBoard(app: NestFastifyApplication, opts: { cookieSecure: boolean }): Promise<void> {
  const factory = app.get(QueueFactory);
  const auth = app.get(RequestAuthenticator);
  const audit = app.get(AuditService);

  const queues: Queue[] = Object.values(QUEUES).map((def) => factory.createQueue(def.name));
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { allowRetries: true, readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Forebyg', hideDocsLink: true, miscLinks: [{ text: 'Forebyg', url: '/' }] } },
  });

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (req: BoardRequest, reply: FastifyReply) => {
        const ctx = requestContextOf(req as never);
        try {
          req.actor = await auth.authenticate(req, reply, ctx);
          await auth.authorize(req.actor, 'queues:admin', req, ctx);
        } catch (err) {
          return refuse(req, reply, err);
        }
      });
      scope.addHook('onSend', async (req: BoardRequest, reply: FastifyReply, payload: unknown) => {
        reply.header('content-security-policy', opts.cookieSecure ? `${BOARD_CSP}; upgrade-insecure-requests` : BOARD_CSP);
        reply.header('cache-control', 'no-store');
        // Before the answer leaves, so a change the caller has seen succeed is always in the log.
        if (req.method !== 'GET' && req.actor && reply.statusCode !== 401 && reply.statusCode !== 403) {
          await audit
            .record({
              action: 'queues.changed',
              outcome: reply.statusCode < 400 ? 'success' : 'failure',
              actor: req.actor,
              context: requestContextOf(req as never),
              // Queue name and job id only: job payloads carry ids, never names or CPR numbers, and are not copied here.
              details: { method: req.method, route: req.routeOptions?.url, params: req.params, statusCode: reply.statusCode },
            })
            .catch((err: Error) => req.log.error({ err }, 'could not audit a queue board change'));
        }
        return payload;
      });
      await scope.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: QUEUE_BOARD_PATH },
  );
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
  });
}

/** The app's one error body (as HttpErrorFilter writes it); a browser asking for the page is sent to log in. */
function refuse(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const body = toErrorBody(err);
  body.requestId = String(req.id);
  if (body.statusCode >= 500) req.log.error({ err }, 'queue board: could not authenticate the caller');
  const wantsPage = req.method === 'GET' && /\btext\/html\b/.test(String(req.headers.accept ?? '')) && !/\/(api|static)\//.test(req.url);
  if (wantsPage && body.statusCode === 401) return reply.redirect('/login', 302);
  return reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
}
