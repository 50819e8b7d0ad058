import { addCalendarDays, todayInCopenhagen } from '@forebyg/domain';
import { Factory } from '../support/factories.js';
import { createApiKey } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';
import { spawnWorker, WorkerProcess } from '../support/worker-process.js';

/**
 * A worker process killed with SIGKILL in the middle of applying a snapshot: the previous state stays intact,
 * and the restarted worker applies the snapshot exactly once. The final state is compared with a clean single
 * apply of the same snapshots in a database of its own.
 */
jest.setTimeout(360_000);

const ROWS = 25_000;
const today = todayInCopenhagen();
const day = (n: number) => addCalendarDays(today, n);
const dk = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/** Two snapshots of the same tenancies: the second changes a fifth of them, drops some and adds some. */
function snapshot(version: 1 | 2): string {
  const lines = ['Lejemålsnr;Afdeling;Lejer;CPR;Husleje;Restance;Ældste_forfald;Påkrav_dato;Fogedret_dato'];
  for (let i = 0; i < ROWS; i++) {
    if (version === 2 && i % 50 === 7) continue; // paid: absent from the newer snapshot
    const n = version === 2 && i % 5 === 0 ? i + 1 : i;
    const rent = 500_000 + (i % 7) * 25_000;
    const arrears = ((n * 7919) % 9) * 150_000;
    const cpr = i % 3 === 0 ? '' : `${String((i % 28) + 1).padStart(2, '0')}${String((i % 12) + 1).padStart(2, '0')}8${i % 10}-${String(i % 10000).padStart(4, '0')}`;
    const demand = n % 4 === 0 ? dk(day(-20)) : '';
    const court = version === 2 && i % 10 === 0 ? dk(day(-2)) : '';
    lines.push(`K-${i};K1;Lejer ${i} Ærø;${cpr};${(rent / 100).toFixed(2).replace('.', ',')};${(arrears / 100).toFixed(2).replace('.', ',')};${dk(day(-40))};${demand};${court}`);
  }
  if (version === 2) for (let i = 0; i < 500; i++) lines.push(`K-new-${i};K1;Ny Lejer ${i};;6000,00;9000,00;${dk(day(-35))};;`);
  return lines.join('\r\n');
}

interface Side {
  api: TestApi;
  key: { authorization: string };
}

async function setUp(api: TestApi): Promise<Side> {
  const f = new Factory(api.ds);
  const org = await f.organisation();
  const dept = await f.department(org, 'K1');
  const admin = await f.user(org, 'admin', []);
  const cookie = await api.login(admin.email);
  return { api, key: await createApiKey(api, cookie, { departmentIds: [dept], scopes: ['arrears:write'] }) };
}

async function upload(side: Side, csv: string, asOf: string): Promise<string> {
  const res = await side.api
    .http()
    .post(`/api/v1/arrears/imports?asOf=${asOf}`)
    .set('Authorization', side.key.authorization)
    .set('Content-Type', 'text/csv')
    .send(Buffer.from(csv, 'utf8'));
  expect(res.status).toBe(202);
  return res.body.id;
}

async function statusOf(side: Side, id: string): Promise<{ status: string; [k: string]: unknown }> {
  const [row] = await side.api.ds.query(
    `SELECT status, rows_applied AS "rowsApplied", cases_opened AS "casesOpened", cases_updated AS "casesUpdated",
            cases_cleared AS "casesCleared", cases_closed AS "casesClosed", rows_rejected AS "rowsRejected", attempts
       FROM arrears_import WHERE id = $1`,
    [id],
  );
  return row;
}

async function waitDone(side: Side, id: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await statusOf(side, id);
    if (s.status === 'done' || s.status === 'failed') return s;
    if (Date.now() > deadline) throw new Error(`import still ${JSON.stringify(s)}; worker said: ${worker?.output.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Everything a snapshot changes, without ids and timestamps, in a stable order. */
async function state(api: TestApi) {
  const q = (sql: string) => api.ds.query(sql);
  return {
    tenancies: await q(`SELECT tenancy_number, arrears_ore::text, arrears_zero_since::text, monthly_rent_ore::text FROM tenancy ORDER BY tenancy_number`),
    persons: await q(`SELECT count(*)::int AS n, count(cpr_blind_index)::int AS with_cpr FROM person`),
    households: await q(`SELECT t.tenancy_number, p.name FROM household_member h JOIN tenancy t ON t.id = h.tenancy_id JOIN person p ON p.id = h.person_id ORDER BY 1, 2`),
    history: await q(`SELECT t.tenancy_number, h.as_of::text, h.arrears_ore::text FROM arrears_history h JOIN tenancy t ON t.id = h.tenancy_id ORDER BY 1, 2`),
    cases: await q(
      `SELECT t.tenancy_number, c.stage, c.status, c.outcome, c.arrears_ore::text, c.demand_sent_date::text, c.court_filed_date::text,
              c.risk_score, c.risk_level, c.next_step, c.next_step_due::text, c.version
         FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id ORDER BY 1, c.opened_at`,
    ),
    events: await q(
      `SELECT t.tenancy_number, e.kind, count(*)::int AS n FROM case_event e JOIN case_file c ON c.id = e.case_id JOIN tenancy t ON t.id = c.tenancy_id
        GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    departmentState: await q(`SELECT d.code, s.last_as_of::text FROM arrears_department_state s JOIN department d ON d.id = s.department_id`),
  };
}

let main: Side;
let reference: Side;
let refWorker: TestWorker;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  main = await setUp(await startTestApi({ JOB_LOCK_SECONDS: '3' }));
  reference = await setUp(await startTestApi());
  refWorker = await startTestWorker(reference.api.config);
});
afterAll(async () => {
  await worker?.kill('SIGKILL');
  await refWorker?.close();
  await main?.api.close();
  await reference?.api.close();
});

it('a worker killed mid-apply leaves the previous state, and the restarted worker applies the snapshot exactly once', async () => {
  const first = snapshot(1);
  const second = snapshot(2);

  // The reference: both snapshots applied once each, undisturbed.
  expect((await waitDone(reference, await upload(reference, first, day(-7)))).status).toBe('done');
  const refSecond = await waitDone(reference, await upload(reference, second, day(-1)));
  expect(refSecond.status).toBe('done');

  const env = { DATABASE_URL: main.api.db.url, REDIS_URL: process.env.REDIS_URL!, QUEUE_PREFIX: main.api.config.QUEUE_PREFIX, JOB_LOCK_SECONDS: '3' };
  worker = await spawnWorker(env);
  await worker.ready();
  expect((await waitDone(main, await upload(main, first, day(-7)))).status).toBe('done');
  const before = await state(main.api);

  const id = await upload(main, second, day(-1));
  // Wait until the worker is inside the apply transaction, then kill it without warning.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await statusOf(main, id);
    expect(s.status).not.toBe('done');
    const [{ busy }] = await main.api.ds.query(
      `SELECT count(*)::int AS busy FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'forebyg-worker' AND state IN ('active', 'idle in transaction')
          AND xact_start IS NOT NULL AND query NOT ILIKE '%COPY%'`,
    );
    if (s.status === 'applying' && busy > 0) break;
    if (Date.now() > deadline) throw new Error('never saw the apply running');
    await new Promise((r) => setTimeout(r, 10));
  }
  await worker.kill('SIGKILL');
  // PostgreSQL notices the dead connection and rolls its transaction back: nothing of the snapshot is visible.
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await main.api.ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'forebyg-worker'`,
    );
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await statusOf(main, id)).status).toBe('applying');
  expect(await state(main.api)).toEqual(before);

  // Restarted, the worker takes the stalled job up again (its lock ran out) and finishes it.
  worker = await spawnWorker(env);
  await worker.ready();
  const done = await waitDone(main, id);
  expect(done).toMatchObject({ status: 'done', attempts: 2 });
  const { attempts: _a, ...counts } = done;
  const { attempts: _b, ...refCounts } = refSecond;
  expect(counts).toEqual(refCounts);
  expect(await state(main.api)).toEqual(await state(reference.api));
});
