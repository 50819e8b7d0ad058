import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { webhookHeaders } from '@forebyg/domain';
import { QUEUES, QueueFactory } from '@forebyg/core';
import { PartnerDeliveryProcessor, ReferralSweep } from '@forebyg/referrals';
import { Factory, TestWorld } from '../support/factories.js';
import { startSmtpCatcher, SmtpCatcher } from '../support/smtp-catcher.js';
import { startTestApi, TestApi } from '../support/test-api.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';

/**
 * The integration module end to end on real PostgreSQL, Redis, a real HTTP receiver and a real SMTP server started
 * here: a referral goes out exactly once (signed, verifiable with the Standard Webhooks library), is retried while
 * the receiver fails, lands in the dead letter after the limit and can be resent; a partner's signed acceptance
 * updates the case (replays, bad signatures and stale timestamps refused); nothing leaves without consent where
 * consent is needed; the statutory municipal notice goes once per case; automatic routing proposes and, where no
 * consent is needed and so configured, sends.
 */
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

class Receiver {
  readonly requests: Received[] = [];
  /** Answers per path: a status, or a number of failures before succeeding. */
  readonly failuresLeft = new Map<string, number>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const left = this.failuresLeft.get(path) ?? 0;
        if (left > 0) {
          this.failuresLeft.set(path, left - 1);
          res.writeHead(503).end('busy');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let smtp: SmtpCatcher;
let receiver: Receiver;
let api: TestApi;
let worker: TestWorker;
let world: TestWorld;
let admin: string;
let counsellor: string;

const ATTEMPTS = 4;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  receiver = new Receiver();
  await receiver.start();
  api = await startTestApi({
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'https://forebyg.example.dk',
    PARTNER_DELIVERY_ATTEMPTS: String(ATTEMPTS),
    PARTNER_DELIVERY_BACKOFF_MS: '100',
    PARTNER_DELIVERY_TIMEOUT_MS: '3000',
    ROUTING_SWEEP_SECONDS: '1',
  });
  worker = await startTestWorker(api.config);
  world = await new Factory(api.ds).world();
  admin = await api.login(world.users.admin.email);
  counsellor = await api.login(world.users.counsellor.email);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await receiver?.close();
});

async function eventually<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function partner(body: Record<string, unknown>): Promise<{ id: string; secret: string; version: number }> {
  const res = await api.http().post('/api/v1/partners').set('Cookie', admin).send(body);
  expect(res.status).toBe(201);
  return { id: res.body.partner.id, secret: res.body.secret, version: res.body.partner.version };
}

async function intake(extra: Record<string, unknown> = {}) {
  const res = await api
    .http()
    .post('/api/v1/cases')
    .set('Cookie', counsellor)
    .send({
      tenancy: { departmentId: world.deptA, tenancyNumber: `R-${randomUUID().slice(0, 8)}`, address: 'Rosenvej 1', monthlyRentOre: 600000 },
      tenant: { name: 'Karen Blixen', cpr: '170485-2345', phone: '20304050', email: 'karen@example.dk' },
      arrearsOre: 700000,
      ...extra,
    });
  expect(res.status).toBe(201);
  return res.body as { id: string; caseNumber: string; version: number };
}

async function recordConsent(caseId: string, recipient: Record<string, unknown>, dataItems: string[], purpose = 'debt_counselling') {
  const list = await api.http().get(`/api/v1/cases/${caseId}/consents`).set('Cookie', counsellor);
  expect(list.status).toBe(200);
  const res = await api
    .http()
    .post(`/api/v1/cases/${caseId}/consents`)
    .set('Cookie', counsellor)
    .send({ personId: list.body.persons[0].personId, ...recipient, purpose, dataItems, givenVia: 'written', givenAt: new Date().toISOString() });
  expect(res.status).toBe(201);
  return res.body;
}

const referralsOf = async (caseId: string) => (await api.http().get(`/api/v1/cases/${caseId}/referrals`).set('Cookie', counsellor)).body;

function signedAnswer(secret: string, body: Record<string, unknown>, opts: { id?: string; at?: number } = {}) {
  const raw = JSON.stringify(body);
  const headers = webhookHeaders([secret], opts.id ?? `msg_${randomUUID()}`, opts.at ?? Math.floor(Date.now() / 1000), raw);
  return { raw, headers };
}

const postAnswer = (a: { raw: string; headers: Record<string, string> }) =>
  api.http().post('/api/v1/partner-responses').set(a.headers).set('Content-Type', 'application/json').send(a.raw);

describe('a volunteer partner on a signed webhook', () => {
  let volunteer: { id: string; secret: string };
  let caseId: string;

  beforeAll(async () => {
    volunteer = await partner({
      kind: 'volunteer',
      name: 'Gældsrådgivning Nord',
      channel: 'webhook',
      webhookUrl: `${receiver.url}/volunteer`,
      services: ['debt_counselling'],
      languages: ['da', 'en'],
      capacity: 5,
    });
    caseId = (await intake()).id;
  });

  it('refuses a referral without consent, and sends nothing', async () => {
    const res = await api.http().post(`/api/v1/cases/${caseId}/referrals`).set('Cookie', counsellor).send({ partnerId: volunteer.id, purpose: 'debt_counselling', send: true });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'consent', reason: 'consent_required' })]);
    // An override needs its own permission: a counsellor does not have it.
    const override = await api
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set('Cookie', counsellor)
      .send({ partnerId: volunteer.id, purpose: 'debt_counselling', send: true, overrideReason: 'Lejeren bad om det i telefonen' });
    expect(override.status).toBe(403);
    // A consent for another purpose does not count either.
    await recordConsent(caseId, { recipientPartnerId: volunteer.id }, ['name', 'phone'], 'social_support');
    const still = await api.http().post(`/api/v1/cases/${caseId}/referrals`).set('Cookie', counsellor).send({ partnerId: volunteer.id, purpose: 'debt_counselling', send: true });
    expect(still.status).toBe(422);
    expect(still.body.problems).toEqual([expect.objectContaining({ problem: 'wrong_purpose' })]);
    expect(await api.ds.query('SELECT id FROM partner_message WHERE case_id = $1', [caseId])).toEqual([]);
    expect(await api.ds.query('SELECT id FROM referral WHERE case_id = $1', [caseId])).toEqual([]);
    await pause(500);
    expect(receiver.at('/volunteer')).toHaveLength(0);
  });

  it('with consent the referral goes out exactly once, signed, with only the consented data', async () => {
    await recordConsent(caseId, { recipientPartnerId: volunteer.id }, ['name', 'phone', 'preferred_language', 'case_stage']);
    const res = await api.http().post(`/api/v1/cases/${caseId}/referrals`).set('Cookie', counsellor).send({ partnerId: volunteer.id, purpose: 'debt_counselling', send: true });
    expect(res.status).toBe(201);
    const sent = res.body.items.find((r: { partnerId: string }) => r.partnerId === volunteer.id);
    expect(sent).toMatchObject({ status: 'sent', consentId: expect.any(String), dataItems: ['name', 'phone', 'preferred_language', 'case_stage'] });
    expect(sent.answerBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const [got] = await eventually(() => receiver.at('/volunteer'), (r) => r.length >= 1);
    await eventually(
      () => api.ds.query(`SELECT status FROM partner_message WHERE referral_id = $1`, [sent.id]),
      (rows) => rows[0]?.status === 'delivered',
    );
    await pause(1500);
    expect(receiver.at('/volunteer')).toHaveLength(1);

    // Verifiable with the Standard Webhooks reference library and the partner's secret.
    const payload = new Webhook(volunteer.secret).verify(got.body, got.headers as Record<string, string>) as Record<string, any>;
    const [message] = await api.ds.query(`SELECT id FROM partner_message WHERE referral_id = $1`, [sent.id]);
    expect(got.headers['webhook-id']).toBe(message.id);
    expect(payload).toMatchObject({
      type: 'referral.created',
      referral: { id: sent.id, purpose: 'debt_counselling', answerBy: sent.answerBy, respondUrl: expect.stringContaining(`https://forebyg.example.dk/svar/${sent.id}?token=`) },
      case: { stage: 'arrears', municipalityCode: '101' },
      tenant: { name: 'Karen Blixen', phone: '20304050', preferredLanguage: 'da' },
    });
    expect(payload.tenant.email).toBeUndefined();
    expect(payload.tenant.address).toBeUndefined();
    expect(got.body).not.toContain('170485');

    // Waiting for the answer: a reminder to the case's owner once the deadline has passed, and the escalation's fact.
    const [reminder] = await api.ds.query(`SELECT status, subject_key AS "subjectKey" FROM reminder WHERE case_id = $1 AND kind = 'referral_unanswered'`, [caseId]);
    expect(reminder).toEqual({ status: 'scheduled', subjectKey: sent.id });
    const [due] = await api.ds.query(`SELECT to_char(referral_answer_due, 'YYYY-MM-DD') AS due FROM case_file WHERE id = $1`, [caseId]);
    expect(due.due).toBe(sent.answerBy);
    const timeline = await api.ds.query(`SELECT kind FROM case_event WHERE case_id = $1 AND kind LIKE 'referral%' ORDER BY id`, [caseId]);
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['referral_proposed', 'referral_sent']);
  });

  it('a signed acceptance updates the case; replays, bad signatures, stale timestamps and impossible steps are refused', async () => {
    const { items } = await referralsOf(caseId);
    const referral = items.find((r: { partnerId: string }) => r.partnerId === volunteer.id);
    const acceptance = signedAnswer(volunteer.secret, { referralId: referral.id, status: 'accepted', note: 'Første møde 2. december', at: new Date().toISOString() });

    const forged = signedAnswer('whsec_' + Buffer.alloc(32, 7).toString('base64'), { referralId: referral.id, status: 'accepted' });
    expect((await postAnswer(forged)).status).toBe(401);
    const stale = signedAnswer(volunteer.secret, { referralId: referral.id, status: 'accepted' }, { at: Math.floor(Date.now() / 1000) - 301 });
    const staleRes = await postAnswer(stale);
    expect(staleRes.status).toBe(401);
    expect(staleRes.body.reason).toBe('timestamp_too_old');
    const unsigned = await api.http().post('/api/v1/partner-responses').send({ referralId: referral.id, status: 'accepted' });
    expect(unsigned.status).toBe(401);

    const ok = await postAnswer(acceptance);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ referralId: referral.id, status: 'accepted' });
    const replay = await postAnswer(acceptance);
    expect(replay.status).toBe(409);
    expect(replay.body.reason).toBe('replayed');
    const backwards = await postAnswer(signedAnswer(volunteer.secret, { referralId: referral.id, status: 'acknowledged' }));
    expect(backwards.status).toBe(409);
    expect(backwards.body.reason).toBe('invalid_transition');

    const after = (await referralsOf(caseId)).items.find((r: { id: string }) => r.id === referral.id);
    expect(after).toMatchObject({ status: 'accepted', lastNote: 'Første møde 2. december', overdue: false });
    const [facts] = await api.ds.query('SELECT referral_accepted AS accepted, referral_answer_due AS due FROM case_file WHERE id = $1', [caseId]);
    expect(facts).toEqual({ accepted: true, due: null });
    const [reminder] = await api.ds.query(`SELECT status FROM reminder WHERE case_id = $1 AND kind = 'referral_unanswered'`, [caseId]);
    expect(reminder.status).toBe('cancelled');
    const [event] = await api.ds.query(`SELECT actor_label AS label, data FROM case_event WHERE case_id = $1 AND kind = 'referral_answered'`, [caseId]);
    expect(event).toMatchObject({ label: 'Gældsrådgivning Nord', data: { status: 'accepted', via: 'webhook' } });
    const audit = await api.ds.query(`SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'referral.partner_answer_rejected' AND entity_id = $1`, [referral.id]);
    expect(audit.map((a: { reason: string }) => a.reason).sort()).toEqual(['bad_signature', 'missing_headers', 'replayed', 'timestamp_too_old']);
  });

  it('withdrawing the consent withdraws the referral and tells the partner to delete the data', async () => {
    const { items } = await referralsOf(caseId);
    const referral = items.find((r: { partnerId: string; status: string }) => r.partnerId === volunteer.id && r.status === 'accepted');
    const res = await api.http().post(`/api/v1/cases/${caseId}/consents/${referral.consentId}/withdraw`).set('Cookie', counsellor).send({ reason: 'Lejeren ønsker det ikke længere' });
    expect(res.status).toBe(200);
    const withdrawn = await eventually(
      () => receiver.at('/volunteer').filter((r) => JSON.parse(r.body).type === 'referral.withdrawn'),
      (r) => r.length === 1,
    );
    expect(JSON.parse(withdrawn[0].body)).toMatchObject({ referral: { id: referral.id }, case: { reference: expect.any(String) } });
    expect(withdrawn[0].body).not.toContain('Karen');
    expect((await referralsOf(caseId)).items.find((r: { id: string }) => r.id === referral.id).status).toBe('withdrawn');
  });
});

describe('delivery failures', () => {
  let flaky: { id: string; secret: string };

  beforeAll(async () => {
    flaky = await partner({ kind: 'other', name: 'Boligrådgivning Syd', channel: 'webhook', webhookUrl: `${receiver.url}/flaky`, requiresConsent: false, services: ['housing_advice'] });
  });

  it('retries while the receiver fails, then delivers once', async () => {
    receiver.failuresLeft.set('/flaky', 2);
    const c = await intake();
    const res = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set('Cookie', counsellor).send({ partnerId: flaky.id, purpose: 'housing_advice', send: true });
    expect(res.status).toBe(201);
    const referralId = res.body.items.find((r: { partnerId: string }) => r.partnerId === flaky.id).id;
    const [m] = await eventually(
      () => api.ds.query(`SELECT id, status, attempts FROM partner_message WHERE referral_id = $1`, [referralId]),
      (rows) => rows[0]?.status === 'delivered',
    );
    expect(m.attempts).toBe(3);
    const attempts = receiver.at('/flaky').filter((r) => r.headers['webhook-id'] === m.id);
    expect(attempts).toHaveLength(3);
    // The same webhook-id on every attempt; each attempt signed when it was made.
    for (const a of attempts) new Webhook(flaky.secret).verify(a.body, a.headers as Record<string, string>);
  });

  it('lands in the dead letter after the limit, and a resend delivers it with the same webhook-id', async () => {
    receiver.failuresLeft.set('/flaky', 1000);
    const c = await intake();
    const res = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set('Cookie', counsellor).send({ partnerId: flaky.id, purpose: 'housing_advice', send: true });
    const referralId = res.body.items.find((r: { partnerId: string }) => r.partnerId === flaky.id).id;
    const [m] = await eventually(
      () => api.ds.query(`SELECT id, status, attempts, last_status AS "lastStatus" FROM partner_message WHERE referral_id = $1`, [referralId]),
      (rows) => rows[0]?.status === 'dead',
      30_000,
    );
    expect(m).toMatchObject({ attempts: ATTEMPTS, lastStatus: 503 });
    await pause(1000);
    expect(receiver.at('/flaky').filter((r) => r.headers['webhook-id'] === m.id)).toHaveLength(ATTEMPTS);

    const dead = await api.http().get('/api/v1/partner-messages?status=dead').set('Cookie', admin);
    expect(dead.status).toBe(200);
    expect(dead.body.items.find((x: { id: string }) => x.id === m.id)).toMatchObject({ partnerName: 'Boligrådgivning Syd', caseNumber: c.caseNumber, status: 'dead' });
    expect((await api.http().get('/api/v1/partner-messages?status=dead').set('Cookie', counsellor)).status).toBe(403);

    receiver.failuresLeft.set('/flaky', 0);
    const resent = await api.http().post(`/api/v1/partner-messages/${m.id}/resend`).set('Cookie', admin);
    expect(resent.status).toBe(200);
    await eventually(
      () => api.ds.query(`SELECT status FROM partner_message WHERE id = $1`, [m.id]),
      (rows) => rows[0].status === 'delivered',
    );
    expect(receiver.at('/flaky').filter((r) => r.headers['webhook-id'] === m.id)).toHaveLength(ATTEMPTS + 1);
    expect((await api.http().post(`/api/v1/partner-messages/${m.id}/resend`).set('Cookie', admin)).status).toBe(409);
  });
  it('a message whose job Redis lost is found by the reconciler and delivered once', async () => {
    receiver.failuresLeft.set('/flaky', 1000);
    const c = await intake();
    const res = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set('Cookie', counsellor).send({ partnerId: flaky.id, purpose: 'housing_advice', send: true });
    const referralId = res.body.items.find((r: { partnerId: string }) => r.partnerId === flaky.id).id;
    const [m] = await eventually(
      () => api.ds.query(`SELECT id, attempts FROM partner_message WHERE referral_id = $1`, [referralId]),
      (rows) => rows[0]?.attempts >= 1,
    );
    // The job vanishes (as in a Redis that lost its data) and the receiver recovers; nothing retries by itself.
    const queue = worker.app.get(QueueFactory).createQueue<{ messageId?: string }>(QUEUES.referrals.name);
    await eventually(
      async () => {
        for (const job of await queue.getJobs(['delayed', 'waiting', 'active', 'prioritized'])) if (job?.data?.messageId === m.id) await job.remove().catch(() => undefined);
        return (await queue.getJobs(['delayed', 'waiting', 'active', 'prioritized'])).filter((j) => j?.data?.messageId === m.id).length;
      },
      (n) => n === 0,
    );
    receiver.failuresLeft.set('/flaky', 0);
    await api.ds.query(`UPDATE partner_message SET last_attempt_at = now() - interval '1 hour' WHERE id = $1`, [m.id]);
    const [{ attempts }] = await api.ds.query(`SELECT attempts FROM partner_message WHERE id = $1`, [m.id]);
    const processor = worker.app.get(PartnerDeliveryProcessor);
    expect(await processor.reconcile()).toBe(1);
    await eventually(
      () => api.ds.query(`SELECT status FROM partner_message WHERE id = $1`, [m.id]),
      (rows) => rows[0].status === 'delivered',
    );
    expect(await processor.reconcile()).toBe(0);
    await pause(500);
    // One more attempt, the one that delivered it; the same webhook-id on every request.
    expect((await api.ds.query(`SELECT attempts FROM partner_message WHERE id = $1`, [m.id]))[0].attempts).toBe(attempts + 1);
    expect(receiver.at('/flaky').filter((r) => r.headers['webhook-id'] === m.id)).toHaveLength(attempts + 1);
    await queue.close();
  });
});

describe('the own debt counselling by e-mail', () => {
  it('needs no consent; the e-mail carries a signed link and no personal data; the partner answers through the link', async () => {
    const own = await partner({ kind: 'own_counselling', name: 'Boligselskabets gældsrådgivning', channel: 'email', email: 'raadgivning@example.dk', departmentIds: [world.deptA] });
    const c = await intake();
    const res = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set('Cookie', counsellor).send({ partnerId: own.id, purpose: 'debt_counselling', send: true });
    expect(res.status).toBe(201);
    const referral = res.body.items.find((r: { partnerId: string }) => r.partnerId === own.id);
    const mails = await eventually(() => smtp.mails.filter((m) => m.to.includes('raadgivning@example.dk') && m.decoded.includes(c.caseNumber)), (m) => m.length === 1);
    const text = mails[0].decoded;
    for (const secret of ['Karen', 'Blixen', '170485', '20304050', '7.000']) expect(text).not.toContain(secret);
    const link = /https:\/\/forebyg\.example\.dk\/svar\/([0-9a-f-]+)\?token=([^\s"<&]+)/.exec(text);
    expect(link?.[1]).toBe(referral.id);
    const token = decodeURIComponent(link![2]);

    const view = await api.http().get(`/api/v1/partner-responses/${referral.id}`).query({ token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ kind: 'referral', caseReference: c.caseNumber, tenant: { name: 'Karen Blixen' }, allowed: expect.arrayContaining(['accepted', 'declined']) });
    expect((await api.http().get(`/api/v1/partner-responses/${referral.id}`).query({ token: token.slice(0, -2) + 'xx' })).status).toBe(401);
    const answered = await api.http().post(`/api/v1/partner-responses/${referral.id}`).query({ token }).send({ status: 'accepted', note: 'Vi ringer i morgen' });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('accepted');
    expect((await referralsOf(c.id)).items[0]).toMatchObject({ status: 'accepted', lastNote: 'Vi ringer i morgen' });
  });
});

describe('the statutory notice to the municipality', () => {
  it('goes once per case when it reaches the court stage, with name and address only, without consent', async () => {
    const contact = await partner({
      kind: 'municipal',
      name: 'Københavns Kommune, Borgerservice',
      municipalityCode: '101',
      contactKind: 'single_entry',
      channel: 'webhook',
      webhookUrl: `${receiver.url}/kommune-101`,
    });
    const c = await intake({ stage: 'legal', dates: { terminationDate: '2026-10-01', legalHandoverDate: '2026-10-20' } });
    const moved = await api.http().post(`/api/v1/cases/${c.id}/stage`).set('Cookie', counsellor).send({ version: c.version, stage: 'court' });
    expect(moved.status).toBe(200);
    const [notice] = await eventually(() => receiver.at('/kommune-101'), (r) => r.length === 1);
    const payload = new Webhook(contact.secret).verify(notice.body, notice.headers as Record<string, string>) as Record<string, any>;
    expect(payload).toMatchObject({
      type: 'municipal.notice',
      notice: { legalBasis: 'almenlejeloven § 92, stk. 2' },
      case: { reference: c.caseNumber, stage: 'court' },
      tenant: { name: 'Karen Blixen', address: 'Rosenvej 1' },
    });
    expect(Object.keys(payload.tenant).sort()).toEqual(['address', 'name']);

    // Triggered again (another change, a second sweep, a second worker): still one notice.
    const again = await api.http().patch(`/api/v1/cases/${c.id}`).set('Cookie', counsellor).send({ version: moved.body.version, dates: { courtFiledDate: '2026-11-02' } });
    expect(again.status).toBe(200);
    const sweep = worker.app.get(ReferralSweep);
    await Promise.all([sweep.run(), sweep.run()]);
    await pause(1500);
    expect(receiver.at('/kommune-101')).toHaveLength(1);
    expect(await api.ds.query('SELECT legal_basis FROM municipal_notice WHERE case_id = $1', [c.id])).toHaveLength(1);
    const overview = await referralsOf(c.id);
    expect(overview.municipalNotice).toMatchObject({ partnerName: 'Københavns Kommune, Borgerservice', legalBasis: 'almenlejeloven § 92, stk. 2', stage: 'court' });
    const events = await api.ds.query(`SELECT kind FROM case_event WHERE case_id = $1 AND kind = 'municipal_notice_sent'`, [c.id]);
    expect(events).toHaveLength(1);
  });

  it('also when the court stage comes from the arrears data, and a second snapshot sends no second notice', async () => {
    const [{ code }] = await api.ds.query('SELECT code FROM department WHERE id = $1', [world.deptA]);
    const dk = (d: Date) => `${String(d.getDate()).padStart(2, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${d.getFullYear()}`;
    const ago = (n: number) => new Date(Date.now() - n * 86_400_000);
    const row = `K-900;${code};Kongevej 9, 1. th;Kirsten Kongsted;;6.000,00;18.000,00;${dk(ago(70))};${dk(ago(50))};${dk(ago(3))};`;
    const upload = async (asOfDaysAgo: number) => {
      const res = await api
        .http()
        .post(`/api/v1/arrears/imports?asOf=${ago(asOfDaysAgo).toISOString().slice(0, 10)}&departments=${code}`)
        .set('Cookie', admin)
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send(Buffer.from(['Lejemålsnr;Afdeling;Adresse;Lejer;CPR;Husleje;Restance;Ældste_forfald;Påkrav_dato;Fogedret_dato;Børn', row].join('\r\n'), 'utf8'));
      expect(res.status).toBe(202);
      await eventually(
        async () => (await api.http().get(`/api/v1/arrears/imports/${res.body.id}`).set('Cookie', admin)).body.status,
        (s) => s === 'done',
        30_000,
      );
    };
    await upload(1);
    const [c] = await api.ds.query(`SELECT c.id, c.stage, c.case_number AS "caseNumber" FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE t.tenancy_number = 'K-900'`);
    expect(c.stage).toBe('court');
    const notices = () => receiver.at('/kommune-101').filter((r) => JSON.parse(r.body).case.reference === c.caseNumber);
    const [got] = await eventually(notices, (r) => r.length === 1);
    expect(JSON.parse(got.body).tenant).toEqual({ name: 'Kirsten Kongsted', address: 'Kongevej 9, 1. th' });
    await upload(0);
    await worker.app.get(ReferralSweep).run();
    await pause(1000);
    expect(notices()).toHaveLength(1);
  });
});

describe('automatic routing', () => {
  it('proposes on opening; sends at once only where no consent is needed when so configured', async () => {
    const rules = await api.http().get('/api/v1/referrals/routing-rules').set('Cookie', admin);
    expect(rules.status).toBe(200);
    const put = await api
      .http()
      .put('/api/v1/referrals/routing-rules')
      .set('Cookie', admin)
      .send({ version: rules.body.version ?? undefined, rules: { ...rules.body.rules, auto: { ...rules.body.rules.auto, mode: 'send_without_consent', maxProposals: 5 } } });
    expect(put.status).toBe(200);
    const c = await intake();
    const overview = await eventually(
      () => referralsOf(c.id),
      (o) => o.items.some((r: { origin: string }) => r.origin === 'automatic'),
    );
    const auto = overview.items.filter((r: { origin: string }) => r.origin === 'automatic');
    for (const r of auto) {
      const [p] = await api.ds.query('SELECT requires_consent AS rc FROM partner WHERE id = $1', [r.partnerId]);
      // Nothing that needs consent left without it: those wait as proposals.
      expect(r.status).toBe(p.rc ? 'proposed' : 'sent');
    }
    expect(auto.some((r: { status: string }) => r.status === 'sent')).toBe(true);
    const [routed] = await api.ds.query('SELECT routed_stage FROM case_file WHERE id = $1', [c.id]);
    expect(routed.routed_stage).toBe('arrears');

    // A stage change routes again: from the påkrav the municipality's contact point is recommended for § 81 help.
    const detail = await api.http().get(`/api/v1/cases/${c.id}`).set('Cookie', counsellor);
    const moved = await api.http().post(`/api/v1/cases/${c.id}/stage`).set('Cookie', counsellor).send({ version: detail.body.version, stage: 'demand' });
    expect(moved.status).toBe(200);
    const after = await eventually(
      () => referralsOf(c.id),
      (o) => o.items.some((r: { origin: string; purpose: string }) => r.origin === 'automatic' && r.purpose === 'municipal_aid'),
    );
    expect(after.items.find((r: { purpose: string }) => r.purpose === 'municipal_aid')).toMatchObject({ partnerName: 'Københavns Kommune, Borgerservice', status: 'proposed' });
    const events = await api.ds.query(`SELECT data->>'stage' AS stage FROM case_event WHERE case_id = $1 AND kind = 'referral_proposed' ORDER BY id`, [c.id]);
    expect(events.map((e: { stage: string }) => e.stage)).toContain('demand');
  });

  it('marks new cases routed without proposals when routing on opening is off, and still routes their stage changes', async () => {
    const rules = await api.http().get('/api/v1/referrals/routing-rules').set('Cookie', admin);
    const auto = { ...rules.body.rules.auto, onOpen: false, onStageChange: true, mode: 'confirm', maxProposals: 2 };
    const put = await api.http().put('/api/v1/referrals/routing-rules').set('Cookie', admin).send({ version: rules.body.version ?? undefined, rules: { ...rules.body.rules, auto } });
    expect(put.status).toBe(200);
    try {
      const cases = [await intake(), await intake()];
      for (const c of cases) {
        await eventually(
          async () => (await api.ds.query('SELECT routed_stage FROM case_file WHERE id = $1', [c.id]))[0].routed_stage,
          (stage) => stage === 'arrears',
        );
        expect((await referralsOf(c.id)).items.filter((r: { origin: string }) => r.origin === 'automatic')).toEqual([]);
      }
      await worker.app.get(ReferralSweep).run();
      expect(await api.ds.query(`SELECT count(*)::int AS n FROM referral WHERE case_id = ANY($1::uuid[])`, [cases.map((c) => c.id)])).toEqual([{ n: 0 }]);

      const detail = await api.http().get(`/api/v1/cases/${cases[0].id}`).set('Cookie', counsellor);
      const moved = await api.http().post(`/api/v1/cases/${cases[0].id}/stage`).set('Cookie', counsellor).send({ version: detail.body.version, stage: 'demand' });
      expect(moved.status).toBe(200);
      const after = await eventually(
        () => referralsOf(cases[0].id),
        (o) => o.items.some((r: { origin: string }) => r.origin === 'automatic'),
      );
      expect(after.items.filter((r: { origin: string }) => r.origin === 'automatic').every((r: { status: string }) => r.status === 'proposed')).toBe(true);
      expect((await referralsOf(cases[1].id)).items).toEqual([]);
    } finally {
      const now = await api.http().get('/api/v1/referrals/routing-rules').set('Cookie', admin);
      await api.http().put('/api/v1/referrals/routing-rules').set('Cookie', admin).send({ version: now.body.version, rules: rules.body.rules });
    }
  });
});
