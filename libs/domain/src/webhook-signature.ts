/**
 * Signing and verifying partner webhooks by the Standard Webhooks convention (https://www.standardwebhooks.com),
 * so partners can verify with off-the-shelf libraries:
 *
 * - the secret is `whsec_` + base64 of random bytes; the HMAC key is the decoded bytes;
 * - `webhook-signature` is `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")),
 *   several space-separated while a secret is rotated;
 * - a timestamp more than the tolerance (5 minutes) off the receiver's clock is rejected, and so is a
 *   `webhook-id` already seen (see {@link ReplayWindow}).
 *
 * Also the signed token of a partner's `respondUrl` (see {@link signRespondToken}).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookHeaders = { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string };
export type WebhookRejection =
  'missing_headers' | 'bad_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'bad_signature' | 'replayed';

/** A new secret: `whsec_` + base64 of 32 random bytes. Shown to the partner once, stored encrypted. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key of a secret (the base64 after `whsec_`; the prefix is optional, as in the reference libraries). */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = typeof secret === 'string' && secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (typeof encoded !== 'string' || encoded === '' || !BASE64.test(encoded)) {
    throw new RangeError('a webhook secret is whsec_ followed by base64');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) throw new RangeError('a webhook secret needs at least 16 bytes of key');
  return key;
}

function assertTimestamp(timestampSeconds: number): void {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`timestampSeconds must be whole seconds since the epoch, got ${timestampSeconds}`);
  }
}

function rawSignature(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
}

/** `v1,<base64 HMAC-SHA256>` of `<id>.<timestamp>.<body>` under the secret. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  if (typeof id !== 'string' || id === '') throw new RangeError('a webhook id is required');
  assertTimestamp(timestampSeconds);
  return `v1,${rawSignature(webhookSecretKey(secret), id, timestampSeconds, body)}`;
}

/** The three headers of one delivery attempt; one signature per secret (two while rotating). */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): WebhookHeaders {
  if (secrets.length === 0) throw new RangeError('at least one secret is needed to sign a webhook');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signWebhook(s, id, timestampSeconds, body)).join(' '),
  };
}

/** A header by case-insensitive name; a repeated header counts only when all its values agree (signatures join). */
function header(headers: Record<string, string | string[] | undefined>, name: string, join: boolean): string | undefined {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') values.push(v.trim());
  }
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return undefined;
  if (join) return present.join(' ');
  return present.every((v) => v === present[0]) ? present[0] : undefined;
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Lengths are not secret (every valid signature has the same length); compare the bytes in constant time.
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface VerifyWebhookInput {
  /** Every secret currently valid for the sender (two while rotating). */
  secrets: readonly string[];
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as received (never a re-serialised JSON). */
  body: string;
  now: Date;
  /** Allowed clock difference either way; default 300 s. */
  toleranceSeconds?: number;
  /** When given, an id seen before within the window is rejected as `replayed` (checked after the signature). */
  replay?: ReplayWindow;
}

export type WebhookVerification = { ok: true; id: string; timestamp: number } | { ok: false; reason: WebhookRejection };

/**
 * Verifies a signed request: headers present, timestamp within the tolerance, and some `v1` signature in the
 * header equal (in constant time) to the one any of the secrets gives. With `replay`, a valid request whose id
 * was already accepted is `replayed`; ids are only recorded for requests that verify.
 */
export function verifyWebhook(input: VerifyWebhookInput): WebhookVerification {
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new RangeError('toleranceSeconds must be ≥ 0');
  if (Number.isNaN(input.now.getTime())) throw new RangeError('now is an invalid Date');

  const id = header(input.headers, 'webhook-id', false);
  const timestampHeader = header(input.headers, 'webhook-timestamp', false);
  const signatureHeader = header(input.headers, 'webhook-signature', true);
  if (id === undefined || timestampHeader === undefined || signatureHeader === undefined) return { ok: false, reason: 'missing_headers' };

  if (!/^\d{1,15}$/.test(timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(timestampHeader);
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (nowSeconds - timestamp > tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (timestamp - nowSeconds > tolerance) return { ok: false, reason: 'timestamp_too_new' };

  const offered = signatureHeader
    .split(/\s+/)
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
  let matched = false;
  for (const secret of input.secrets) {
    const expected = rawSignature(webhookSecretKey(secret), id, timestamp, input.body);
    // No early exit: every offered signature is compared against every secret.
    for (const candidate of offered) if (constantTimeEqual(candidate, expected)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'bad_signature' };
  if (input.replay && !input.replay.accept(id, input.now)) return { ok: false, reason: 'replayed' };
  return { ok: true, id, timestamp };
}

/**
 * The webhook ids accepted recently, to reject a replayed message. A message older than the tolerance fails its
 * timestamp check anyway, so an id only needs remembering for twice the tolerance (covering skew either way).
 * In memory, per process: with several api instances, keep the ids in the database instead.
 */
export class ReplayWindow {
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;

  constructor(toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS) {
    if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new RangeError('toleranceSeconds must be ≥ 0');
    this.windowMs = 2 * toleranceSeconds * 1000;
  }

  /** True the first time an id is seen within the window, false for a replay; forgets ids older than twice the tolerance. */
  accept(id: string, now: Date): boolean {
    const t = now.getTime();
    if (Number.isNaN(t)) throw new RangeError('now is an invalid Date');
    this.forgetBefore(t - this.windowMs);
    const at = this.seen.get(id);
    if (at !== undefined && at >= t - this.windowMs) return false;
    this.seen.delete(id); // re-insert so the map stays in order of acceptance
    this.seen.set(id, t);
    return true;
  }

  /** How many ids are remembered now. */
  get size(): number {
    return this.seen.size;
  }

  private forgetBefore(cutoff: number): void {
    // Insertion order is acceptance order; with a clock that never goes back the old ones are at the front.
    for (const [id, at] of this.seen) {
      if (at >= cutoff) break;
      this.seen.delete(id);
    }
  }
}

const RESPOND_TOKEN = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

function respondMac(key: Buffer, referralId: string, expiresSeconds: number): string {
  return createHmac('sha256', key).update(`forebyg.respond.v1.${referralId}.${expiresSeconds}`, 'utf8').digest('base64url');
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length < 16) throw new RangeError('the respond token key needs at least 16 bytes');
}

/** A url-safe token `<expiry seconds>.<base64url HMAC>` for a referral's `respondUrl`; valid until `expiresAt`. */
export function signRespondToken(key: Buffer, referralId: string, expiresAt: Date): string {
  assertKey(key);
  if (typeof referralId !== 'string' || referralId === '') throw new RangeError('a referral id is required');
  const expires = Math.floor(expiresAt.getTime() / 1000);
  if (!Number.isSafeInteger(expires) || expires < 0) throw new RangeError('expiresAt must be a valid Date after 1970');
  return `${expires}.${respondMac(key, referralId, expires)}`;
}

/** Whether `token` was made by {@link signRespondToken} with this key for this referral and has not expired. */
export function verifyRespondToken(key: Buffer, referralId: string, token: string, now: Date): boolean {
  assertKey(key);
  const m = typeof token === 'string' ? RESPOND_TOKEN.exec(token) : null;
  if (!m) return false;
  const expires = Number(m[1]);
  const signatureOk = constantTimeEqual(m[2]!, respondMac(key, referralId, expires));
  return signatureOk && now.getTime() < expires * 1000;
}
