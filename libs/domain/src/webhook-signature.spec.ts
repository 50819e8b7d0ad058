import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  generateWebhookSecret,
  ReplayWindow,
  signRespondToken,
  signWebhook,
  verifyRespondToken,
  verifyWebhook,
  webhookHeaders,
  webhookSecretKey,
} from './webhook-signature.js';

const body = JSON.stringify({
  type: 'referral.created',
  referral: { id: 'r-1', createdAt: '2026-11-23T08:15:00+01:00', purpose: 'debt_counselling', answerBy: '2026-11-30' },
  case: { reference: 'F-2026-00123', stage: 'demand', daysToNextStep: 9, municipalityCode: '101' },
  tenant: { name: 'Åse Ødegård', preferredLanguage: 'da' },
});
const T = 1_795_418_100; // 2026-11-23T07:15:00Z
const nowAt = (seconds: number, ms = 0): Date => new Date(seconds * 1000 + ms);
const secret = generateWebhookSecret();
const otherSecret = generateWebhookSecret();

describe('generateWebhookSecret', () => {
  it('is whsec_ and the base64 of 32 random bytes', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(webhookSecretKey(secret)).toHaveLength(32);
    expect(new Set(Array.from({ length: 20 }, generateWebhookSecret)).size).toBe(20);
  });

  it('a malformed or too short secret is refused', () => {
    for (const bad of ['whsec_', 'whsec_not base64!', '', `whsec_${Buffer.alloc(8).toString('base64')}`]) {
      expect(() => signWebhook(bad, 'msg_1', T, body)).toThrow(RangeError);
    }
  });
});

describe('signWebhook', () => {
  it('matches the Standard Webhooks test vector', () => {
    expect(signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('signs the same as the official library, for non-ASCII bodies too', () => {
    const wh = new Webhook(secret);
    expect(signWebhook(secret, 'msg_æøå', T, body)).toBe(wh.sign('msg_æøå', nowAt(T), body));
  });
});

describe('interoperability with the official standardwebhooks library', () => {
  const now = Math.floor(Date.now() / 1000);

  it('our headers verify with Webhook#verify', () => {
    const headers = webhookHeaders([secret], 'msg_2Lh9', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('while rotating, our two signatures verify with either secret in the library', () => {
    const headers = webhookHeaders([secret, otherSecret], 'msg_rot', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(otherSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow('No matching signature found');
  });

  it("the library's signature verifies with verifyWebhook", () => {
    const wh = new Webhook(secret);
    const headers = {
      'webhook-id': 'msg_lib',
      'webhook-timestamp': String(now),
      'webhook-signature': wh.sign('msg_lib', nowAt(now), body),
    };
    expect(verifyWebhook({ secrets: [secret], headers, body, now: nowAt(now) })).toEqual({ ok: true, id: 'msg_lib', timestamp: now });
  });
});

describe('verifyWebhook', () => {
  const headers = webhookHeaders([secret], 'msg_1', T, body);
  const verify = (patch: Partial<Parameters<typeof verifyWebhook>[0]> = {}) =>
    verifyWebhook({ secrets: [secret], headers, body, now: nowAt(T), ...patch });

  it('accepts a correctly signed request', () => {
    expect(verify()).toEqual({ ok: true, id: 'msg_1', timestamp: T });
  });

  it('rejects a tampered body, id or timestamp, and a wrong secret', () => {
    expect(verify({ body: body.replace('F-2026-00123', 'F-2026-00124') })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ body: `${body} ` })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ headers: { ...headers, 'webhook-id': 'msg_2' } })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ headers: { ...headers, 'webhook-timestamp': String(T + 1) } })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ secrets: [otherSecret] })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ secrets: [] })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rotation: accepts a request signed with either secret, and headers carrying both signatures', () => {
    const both = webhookHeaders([otherSecret, secret], 'msg_1', T, body);
    expect(both['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify({ headers: both })).toEqual({ ok: true, id: 'msg_1', timestamp: T });
    expect(verify({ headers: both, secrets: [otherSecret] }).ok).toBe(true);
    expect(verify({ secrets: [otherSecret, secret] }).ok).toBe(true);
    const oldOnly = webhookHeaders([otherSecret], 'msg_1', T, body);
    expect(verify({ headers: oldOnly, secrets: [secret] })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    [-300, 0, true],
    [-300, 999, true], // 300.999 s: whole seconds, as the reference libraries count
    [-301, 0, 'timestamp_too_old'],
    [300, 0, true],
    [301, 0, 'timestamp_too_new'],
  ])('clock skew: a timestamp %i s from now (+%i ms) → %s', (offset, ms, expected) => {
    const ts = T + offset;
    const r = verify({ headers: webhookHeaders([secret], 'msg_1', ts, body), now: nowAt(T, ms) });
    expect(r.ok ? true : r.reason).toBe(expected);
  });

  it('honours a custom tolerance', () => {
    expect(verify({ now: nowAt(T + 61), toleranceSeconds: 60 })).toEqual({ ok: false, reason: 'timestamp_too_old' });
    expect(verify({ now: nowAt(T + 60), toleranceSeconds: 60 }).ok).toBe(true);
  });

  it('rejects missing and malformed headers', () => {
    const { 'webhook-id': _id, ...noId } = headers;
    const { 'webhook-timestamp': _ts, ...noTs } = headers;
    const { 'webhook-signature': _sig, ...noSig } = headers;
    for (const h of [
      noId,
      noTs,
      noSig,
      {},
      { ...headers, 'webhook-id': '' },
      { ...headers, 'webhook-signature': '  ' },
      { ...headers, 'webhook-id': undefined },
    ]) {
      expect(verify({ headers: h })).toEqual({ ok: false, reason: 'missing_headers' });
    }
    for (const ts of ['abc', '-5', '1.6e9', `${T}.0`, '0x10', '9'.repeat(16)]) {
      expect(verify({ headers: { ...headers, 'webhook-timestamp': ts } })).toEqual({ ok: false, reason: 'bad_timestamp' });
    }
    const sig = headers['webhook-signature'];
    for (const s of [sig.replace('v1,', 'v2,'), sig.slice(3), `v1,${'A'.repeat(44)}`, 'v1,', sig.slice(0, -2), `${sig}x`]) {
      expect(verify({ headers: { ...headers, 'webhook-signature': s } })).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('reads headers case-insensitively, from arrays, and skips unknown signature versions', () => {
    const sig = headers['webhook-signature'];
    expect(verify({ headers: { 'Webhook-Id': 'msg_1', 'WEBHOOK-TIMESTAMP': String(T), 'Webhook-Signature': sig } }).ok).toBe(true);
    expect(
      verify({ headers: { 'webhook-id': ['msg_1'], 'webhook-timestamp': [String(T)], 'webhook-signature': ['v2,abc', sig] } }).ok,
    ).toBe(true);
    expect(verify({ headers: { ...headers, 'webhook-signature': `v1a,zzz  v1,${'A'.repeat(44)} ${sig}` } }).ok).toBe(true);
    // Two different ids (or timestamps) in repeated headers are ambiguous.
    expect(verify({ headers: { ...headers, 'webhook-id': ['msg_1', 'msg_2'] } })).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('with a replay window, the same id is accepted once; a bad signature does not use the id up', () => {
    const replay = new ReplayWindow();
    expect(verify({ replay, body: 'forged' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ replay })).toEqual({ ok: true, id: 'msg_1', timestamp: T });
    expect(verify({ replay, now: nowAt(T + 200) })).toEqual({ ok: false, reason: 'replayed' });
    // Past the tolerance the timestamp check rejects the replay on its own.
    expect(verify({ replay, now: nowAt(T + 301) })).toEqual({ ok: false, reason: 'timestamp_too_old' });
  });
});

describe('ReplayWindow', () => {
  it('accepts an id once within twice the tolerance, then forgets it', () => {
    const w = new ReplayWindow(300);
    const t0 = Date.parse('2026-11-23T08:00:00Z');
    expect(w.accept('a', new Date(t0))).toBe(true);
    expect(w.accept('a', new Date(t0 + 1))).toBe(false);
    expect(w.accept('b', new Date(t0 + 1))).toBe(true);
    expect(w.accept('a', new Date(t0 + 600_000))).toBe(false);
    expect(w.size).toBe(2);
    expect(w.accept('c', new Date(t0 + 600_001))).toBe(true);
    expect(w.size).toBe(2); // 'a' forgotten, 'b' (1 ms younger) still remembered
    expect(w.accept('a', new Date(t0 + 600_002))).toBe(true);
    expect(w.accept('b', new Date(t0 + 600_002))).toBe(true);
  });

  it('stays small under a steady stream of ids', () => {
    const w = new ReplayWindow(10);
    const t0 = Date.parse('2026-11-23T08:00:00Z');
    for (let i = 0; i < 1000; i++) expect(w.accept(`m${i}`, new Date(t0 + i * 1000))).toBe(true);
    expect(w.size).toBeLessThanOrEqual(21);
  });

  it('refuses a nonsensical tolerance or clock', () => {
    expect(() => new ReplayWindow(-1)).toThrow(RangeError);
    expect(() => new ReplayWindow().accept('a', new Date(NaN))).toThrow(RangeError);
  });
});

describe('respond tokens', () => {
  const key = randomBytes(32);
  const expiresAt = new Date('2026-12-07T23:00:00Z');
  const token = signRespondToken(key, 'ref-1', expiresAt);

  it('are url-safe and carry their expiry', () => {
    expect(token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(Number(token.split('.')[0])).toBe(expiresAt.getTime() / 1000);
  });

  it('verify for the same key and referral until the expiry instant', () => {
    expect(verifyRespondToken(key, 'ref-1', token, new Date('2026-11-23T08:00:00Z'))).toBe(true);
    expect(verifyRespondToken(key, 'ref-1', token, new Date(expiresAt.getTime() - 1))).toBe(true);
    expect(verifyRespondToken(key, 'ref-1', token, expiresAt)).toBe(false);
    expect(verifyRespondToken(key, 'ref-1', token, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('fail for another referral, another key, a tampered mac or a stretched expiry', () => {
    const now = new Date('2026-11-23T08:00:00Z');
    const [exp, mac] = token.split('.') as [string, string];
    expect(verifyRespondToken(key, 'ref-2', token, now)).toBe(false);
    expect(verifyRespondToken(randomBytes(32), 'ref-1', token, now)).toBe(false);
    expect(verifyRespondToken(key, 'ref-1', `${exp}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, now)).toBe(false);
    expect(verifyRespondToken(key, 'ref-1', `${Number(exp) + 86_400}.${mac}`, now)).toBe(false);
    for (const bad of ['', '.', exp, `${exp}.`, `x${token}`, `${token}=`, `${token}.1`])
      expect(verifyRespondToken(key, 'ref-1', bad, now)).toBe(false);
  });

  it('need a real key and referral id', () => {
    expect(() => signRespondToken(Buffer.alloc(8), 'ref-1', expiresAt)).toThrow(RangeError);
    expect(() => signRespondToken(key, '', expiresAt)).toThrow(RangeError);
    expect(() => signRespondToken(key, 'ref-1', new Date(NaN))).toThrow(RangeError);
  });
});
