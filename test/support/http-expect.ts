import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import type { TestApi } from './test-api.js';

/** A stack frame or a source path in a response: bad input must never surface internals. */
const STACK_LIKE = /\n\s+at |\bat [\w.<>]+ \(|(?:\/|\\)(?:node_modules|work|src|dist)(?:\/|\\)|\.ts:\d+|\.js:\d+/;

export function expectNoStackTrace(text: string): void {
  if (STACK_LIKE.test(text)) throw new Error(`response leaks a stack trace or file path: ${text.slice(0, 400)}`);
}

/** `METHOD /path` of the request behind a response, for failure messages (supertest keeps it untyped). */
export function requestLine(res: Response): string {
  const req = (res as unknown as { req?: { method?: string; path?: string } }).req;
  return `${req?.method ?? '?'} ${req?.path ?? '?'}`;
}

/** The one error body: `{ statusCode, code, message, errors?, requestId }`, with the given status and code. */
export function expectError(res: Response, status: number, code?: string): void {
  const summary = `${requestLine(res)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status !== status) throw new Error(`expected ${status}${code ? ` ${code}` : ''}: ${summary}`);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      statusCode: status,
      code: code ?? expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  expectNoStackTrace(res.text);
}

/** A 422 naming `field` (and, when given, `reason`) among its per-field errors. */
export function expectFieldError(res: Response, field: string, reason?: string): void {
  expectError(res, 422, 'validation_failed');
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, ...(reason ? { reason } : {}) })]));
}

/** The session id the server stores for a `forebyg_session=<token>` cookie (SHA-256 of the token). */
export function sessionIdOf(cookie: string): string {
  return createHash('sha256')
    .update(cookie.replace(/^forebyg_session=/, ''))
    .digest('hex');
}

export interface AuditRow {
  action: string;
  outcome: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  organisation_id: string | null;
  person_id: string | null;
  entity_type: string | null;
  entity_id: string | null;
  purpose: string | null;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

/** Audit rows straight from the database, oldest first, optionally only one action. */
export async function auditRows(api: TestApi, action?: string): Promise<AuditRow[]> {
  return api.ds.query(`SELECT * FROM audit_log ${action ? 'WHERE action = $1' : ''} ORDER BY id`, action ? [action] : []);
}

/** Creates an API key through the api as an admin; returns its id and the `Authorization` header value. */
export async function createApiKey(
  api: TestApi,
  adminCookie: string,
  body: { name?: string; departmentIds: string[]; scopes: string[] },
): Promise<{ id: string; authorization: string }> {
  const res = await api
    .http()
    .post('/api/v1/api-keys')
    .set('Cookie', adminCookie)
    .send({ name: 'Test ledger', ...body });
  if (res.status !== 201) throw new Error(`api key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.apiKey.id, authorization: `Bearer ${res.body.secret}` };
}
