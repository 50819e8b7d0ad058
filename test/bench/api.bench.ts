/**
 * `npm run bench:api`: throughput and latency of the case workbench api on a realistic data volume, against a
 * bare `node:http` + `pg` server running the same SQL. Not part of `npm test` (see README.md here).
 *
 * 1. A database of its own: `forebyg_bench_api_<pid>` on DATABASE_URL (dropped at the end), or on an embedded
 *    PostgreSQL in .data/bench when DATABASE_URL is unset (global-setup.ts); all migrations applied.
 * 2. Data generated set-based in PostgreSQL (bench-data.ts): 100k tenancies, 100k cases, ~2M timeline events.
 * 3. The real api in-process (createApiApp, as main.ts and the e2e tests build it: guards, validation, logging
 *    to a discarding stream, the repositories' SQL), on a random port; sessions of a counsellor with ~1,700 open
 *    cases and of an admin.
 * 4. The bare baseline in the same process: no framework, a pg Pool of the same size, the same list SQL
 *    (WHERE/ORDER/LIMIT 25 + count) and the same detail reads (scope check, case row, household, contacts,
 *    tasks, budget, debts, agreement, applications).
 * 5. autocannon in a child process (so the load generator does not share the server's event loop), warm-up
 *    then a measured run per endpoint.
 * 6. The last line: `bench:api list_p99_ms=… list_ratio_to_bare=… detail_p99_ms=… detail_ratio_to_bare=…`
 *    (ratio = api req/s ÷ bare req/s).
 *
 * Knobs (environment): BENCH_SCALE (1 = 100k cases), BENCH_CONNECTIONS (10), BENCH_DURATION_S (10),
 * BENCH_WARMUP_S (3), BENCH_EXPLAIN=1 (print EXPLAIN ANALYZE of the SQL the api ran), BENCH_KEEP_DB=1 (keep the
 * database, as forebyg_bench_api_kept_<pid>, for a closer look; its URL is printed; drop it yourself),
 * BENCH_PROFILE=1 (V8 CPU profile of the api during each measured run, summarised by package).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@forebyg/core';
import { PasswordHasher } from '@forebyg/auth';
import { CASE_ROW_COLUMNS } from '@forebyg/cases';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { TEST_PASSWORD } from '../support/factories.js';
import { generateBenchData } from './bench-data.js';
import { benchDatabase, createBenchDatabase, dropBenchDatabase, fmt, num, out, type BenchDatabase } from './bench-setup.js';

const SCALE = num('BENCH_SCALE', 1);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const DURATION_S = num('BENCH_DURATION_S', 10);
const WARMUP_S = num('BENCH_WARMUP_S', 3);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';
const TENANCIES = Math.round(100_000 * SCALE);
const TARGET_OPEN_CASES = Math.round(1_700 * SCALE);
/** The api's pool (apps/api/src/app.module.ts); the baseline gets the same. */
const POOL_SIZE = 20;

// ---------------------------------------------------------------------------------------------------------
// The baseline's SQL: the list and detail reads of libs/cases (case.repository.ts, case-views.ts), written out.

const SUMMARY_SELECT = `
  SELECT c.id, c.case_number AS "caseNumber", c.status, c.stage, c.department_id AS "departmentId",
         d.code AS "departmentCode", d.name AS "departmentName", c.tenancy_id AS "tenancyId",
         t.tenancy_number AS "tenancyNumber", t.address, t.unit,
         (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM household_member h JOIN person p ON p.id = h.person_id
           WHERE h.tenancy_id = c.tenancy_id AND h.role = 'tenant' AND (h.until IS NULL OR h.until >= current_date)) AS "tenantName",
         c.assigned_counsellor_id AS "counsellorId", uc.name AS "counsellorName",
         c.responsible_caseworker_id AS "caseworkerId", uw.name AS "caseworkerName",
         c.arrears_ore::float8 AS "arrearsOre", t.monthly_rent_ore::float8 AS "monthlyRentOre",
         c.next_step AS "nextStep", to_char(c.next_step_due, 'YYYY-MM-DD') AS "nextStepDue",
         c.next_step_estimated AS "nextStepEstimated", c.risk_score AS "riskScore", c.risk_level AS "riskLevel",
         c.risk_override_level IS NOT NULL AS overridden, c.last_contact_at AS "lastContactAt",
         c.open_task_count AS "openTaskCount", to_char(c.earliest_open_task_due, 'YYYY-MM-DD') AS "earliestOpenTaskDue",
         c.opened_at AS "openedAt", c.closed_at AS "closedAt", c.outcome
    FROM case_file c
    JOIN tenancy t ON t.id = c.tenancy_id
    JOIN department d ON d.id = c.department_id
    LEFT JOIN app_user uc ON uc.id = c.assigned_counsellor_id
    LEFT JOIN app_user uw ON uw.id = c.responsible_caseworker_id`;

interface ListQuery {
  where: string;
  order: string;
  params: unknown[];
}

const DETAIL_PARTS: { name: string; sql: string; by: 'case' | 'tenancy' }[] = [
  {
    name: 'household',
    by: 'tenancy',
    sql: `SELECT p.id AS "personId", p.name, h.role, p.cpr_encrypted AS "cprEncrypted", p.phone, p.email
            FROM household_member h JOIN person p ON p.id = h.person_id
           WHERE h.tenancy_id = $1 AND (h.until IS NULL OR h.until >= current_date) ORDER BY h.role DESC, p.name`,
  },
  {
    name: 'contacts',
    by: 'case',
    sql: `SELECT x.id, x.at, x.channel, x.direction, x.reached, x.summary, x.created_by AS "createdById", u.name AS "createdByName"
            FROM case_contact x LEFT JOIN app_user u ON u.id = x.created_by
           WHERE x.case_id = $1 ORDER BY x.at DESC, x.created_at DESC LIMIT 500`,
  },
  {
    name: 'tasks',
    by: 'case',
    sql: `SELECT k.id, k.title, to_char(k.due_date, 'YYYY-MM-DD') AS "dueDate", k.assignee_id AS "assigneeId", u.name AS "assigneeName",
                 k.done_at AS "doneAt", k.version
            FROM case_task k LEFT JOIN app_user u ON u.id = k.assignee_id
           WHERE k.case_id = $1 ORDER BY (k.done_at IS NOT NULL), k.due_date, k.created_at`,
  },
  {
    name: 'budget',
    by: 'case',
    sql: `SELECT id, kind, label, amount_ore::float8 AS "amountOre", frequency, version FROM budget_line WHERE case_id = $1 ORDER BY kind DESC, created_at, id`,
  },
  {
    name: 'debts',
    by: 'case',
    sql: `SELECT id, creditor, creditor_kind AS "creditorKind", amount_ore::float8 AS "amountOre", note, version FROM case_debt WHERE case_id = $1 ORDER BY created_at, id`,
  },
  {
    name: 'agreement',
    by: 'case',
    sql: `SELECT a.id, a.status, to_char(a.agreed_date, 'YYYY-MM-DD') AS "agreedDate", a.note, a.version,
                 COALESCE((SELECT json_agg(json_build_object('id', i.id, 'seq', i.seq, 'dueDate', to_char(i.due_date, 'YYYY-MM-DD'),
                           'amountOre', i.amount_ore, 'status', i.status, 'paidDate', to_char(i.paid_date, 'YYYY-MM-DD'), 'version', i.version) ORDER BY i.seq)
                             FROM agreement_instalment i WHERE i.agreement_id = a.id), '[]') AS instalments
            FROM payment_agreement a WHERE a.case_id = $1
           ORDER BY (a.status = 'active') DESC, a.created_at DESC, a.id LIMIT 1`,
  },
  {
    name: 'applications',
    by: 'case',
    sql: `SELECT id, kind, status, to_char(submitted_date, 'YYYY-MM-DD') AS "submittedDate", to_char(decided_date, 'YYYY-MM-DD') AS "decidedDate",
                 amount_ore::float8 AS "amountOre", note, version
            FROM case_application WHERE case_id = $1 ORDER BY created_at, id`,
  },
];

interface Scope {
  organisationId: string;
  userId: string;
  label: string;
  departmentIds: string[];
}

/** The bare baseline: node:http, a pg Pool, hand-written routing, JSON.stringify. No auth, no logging. */
function startBare(pool: pg.Pool, lists: Record<string, ListQuery>, scope: Scope): Promise<http.Server> {
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
  const detail = async (id: string, audited: boolean) => {
    const client = await pool.connect();
    try {
      if (audited) await client.query('START TRANSACTION');
      const found = await client.query(`${SUMMARY_SELECT} WHERE c.organisation_id = $1 AND c.id = $2 AND c.department_id = ANY($3::uuid[])`, [
        scope.organisationId,
        id,
        scope.departmentIds,
      ]);
      if (!found.rows[0]) {
        if (audited) await client.query('ROLLBACK');
        return null;
      }
      const row = (await client.query(`SELECT ${CASE_ROW_COLUMNS} FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE c.id = $1`, [id])).rows[0];
      if (audited) await client.query(`${SUMMARY_SELECT} WHERE c.id = ANY($1::uuid[])`, [[id]]);
      const parts: Record<string, unknown[]> = {};
      for (const part of DETAIL_PARTS) parts[part.name] = (await client.query(part.sql, [part.by === 'case' ? id : row.tenancyId])).rows;
      if (audited) {
        const members = parts.household!.length ? parts.household!.map((m) => (m as { personId: string }).personId) : [null];
        for (const personId of members) {
          await client.query(
            `INSERT INTO audit_log (organisation_id, actor_type, actor_id, actor_label, action, person_id, entity_type, entity_id, purpose, outcome, ip, request_id, details)
             VALUES ($1, 'user', $2, $3, 'case.read', $4, 'case', $5, NULL, 'success', '127.0.0.1', NULL, '{}')`,
            [scope.organisationId, scope.userId, scope.label, personId, id],
          );
        }
        await client.query('COMMIT');
      }
      return { ...found.rows[0], row, ...parts };
    } finally {
      client.release();
    }
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const handle = async () => {
      const list = /^\/list\/(\w+)$/.exec(url);
      if (list && lists[list[1]!]) {
        const q = lists[list[1]!]!;
        const [rows, count] = await Promise.all([
          pool.query(`${SUMMARY_SELECT} WHERE ${q.where} ORDER BY ${q.order} LIMIT 25 OFFSET 0`, q.params),
          pool.query(`SELECT count(*)::int AS n FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE ${q.where}`, q.params),
        ]);
        return send(res, 200, { items: rows.rows, page: 1, pageSize: 25, total: count.rows[0].n });
      }
      const one = /^\/(cases|cases-audited)\/([0-9a-f-]{36})$/.exec(url);
      if (one) {
        const body = await detail(one[2]!, one[1] === 'cases-audited');
        return body ? send(res, 200, body) : send(res, 404, { code: 'not_found' });
      }
      send(res, 404, { code: 'not_found' });
    };
    handle().catch((err) => send(res, 500, { code: 'internal', message: String(err) }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------------------------------------------------

interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerReq: number;
  /** CPU time per request of this process (the server under test). */
  nodeCpuMs?: number;
  /** CPU time per request of the PostgreSQL backends of the bench database; null when they are not on this machine. */
  dbCpuMs?: number | null;
}

/** CPU time (ms) so far of each backend connected to the bench database, from /proc; null if PostgreSQL runs elsewhere. */
async function backendCpu(client: pg.Client): Promise<Map<number, number> | null> {
  const pids = (await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows;
  const cpu = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime (fields 14 and 15 of proc(5)), in clock ticks of 10 ms.
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      return null;
    }
  }
  return cpu;
}

/** Records the SQL (and parameters) the api sends while `fn` runs: TypeORM's query runner is where all of it passes. */
async function captureSql(ds: DataSource, fn: () => Promise<void>): Promise<{ sql: string; params: unknown[] }[]> {
  const runner = ds.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
  await runner.release();
  const original = proto.query;
  const captured: { sql: string; params: unknown[] }[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    captured.push({ sql: String(args[0]), params: (args[1] as unknown[] | undefined) ?? [] });
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return captured;
}

/**
 * BENCH_PROFILE=1: a V8 CPU profile of this process (the api) during each measured api run, written to
 * .data/bench/<run>.cpuprofile (open in Chrome DevTools) and summarised as self time per package.
 */
async function startProfiler(): Promise<{ stop: (name: string) => Promise<string[]> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      mkdirSync('.data/bench', { recursive: true });
      const file = path.resolve('.data/bench', `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const byPackage = new Map<string, number>();
      let total = 0;
      for (const node of profile.nodes as { hitCount?: number; callFrame: { url: string; functionName: string } }[]) {
        const hits = node.hitCount ?? 0;
        if (!hits) continue;
        const { url, functionName } = node.callFrame;
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
        const key = pkg ?? (url.includes('/work/') || url.startsWith('file:') ? `app ${path.relative(process.cwd(), url.replace(/^file:\/\//, '')).split('/').slice(0, 2).join('/')}` : url ? 'node:internal' : `(${functionName || 'native'})`);
        byPackage.set(key, (byPackage.get(key) ?? 0) + hits);
        total += hits;
      }
      const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12);
      return [`  cpu profile ${path.relative(process.cwd(), file)}: self time by package`, ...top.map(([k, v]) => `    ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)];
    },
  };
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

async function explainCaptured(client: pg.Client, label: string, captured: { sql: string; params: unknown[] }[]): Promise<string[]> {
  const lines: string[] = [];
  for (const { sql, params } of captured) {
    if (!/^\s*SELECT/i.test(sql)) continue;
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params);
    const text = plan.rows.map((r) => r['QUERY PLAN'] as string);
    const exec = text.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
    const head = oneLine(sql);
    lines.push(`  ${label.padEnd(10)} ${exec.padStart(11)}  ${head.length > 110 ? `${head.slice(0, 60)} … ${head.slice(-45)}` : head}`);
    if (EXPLAIN) lines.push(`    params: ${JSON.stringify(params)}`, ...text.map((l) => `    ${l}`));
  }
  return lines;
}

async function login(baseUrl: string, email: string, ip: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('forebyg_session='));
  if (!cookie) throw new Error('login gave no session cookie');
  return cookie.split(';')[0]!;
}

async function getJson(url: string, cookie?: string): Promise<any> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

describe('bench:api', () => {
  it('measures the case list and case detail against a bare node:http + pg baseline', async () => {
    const started = performance.now();
    let db: BenchDatabase | null = null;
    let app: NestFastifyApplication | null = null;
    let pool: pg.Pool | null = null;
    let bare: http.Server | null = null;
    let loader: ChildProcess | null = null;
    let sql: pg.Client | null = null;
    let summary = '';
    try {
      out(`bench:api  node ${process.version}, ${os.cpus().length} cores, scale ${SCALE} (${fmt(TENANCIES)} cases), ${CONNECTIONS} connections × ${DURATION_S} s after ${WARMUP_S} s warm-up`);
      db = benchDatabase('forebyg_bench_api_', KEEP_DB);
      sql = await createBenchDatabase(db, ['shared_buffers', 'work_mem', 'synchronous_commit']);
      const dbUrl = db.url;

      // ---- 2. data
      out('generating data (set-based SQL):');
      const genStart = performance.now();
      const passwordHash = await new PasswordHasher().hash(TEST_PASSWORD);
      const data = await generateBenchData(sql, { tenancies: TENANCIES, eventsPerCase: 20, passwordHash, log: out });
      const genS = (performance.now() - genStart) / 1000;
      out(`generated in ${genS.toFixed(1)} s: ${Object.entries(data.counts).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
      const size = await sql.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`);
      out(`database size ${size.rows[0].s}`);

      const pick = await sql.query(
        `SELECT u.id, u.email, count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*)::int AS total,
                (SELECT array_agg(ud.department_id::text) FROM user_department ud WHERE ud.user_id = u.id) AS departments
           FROM app_user u JOIN case_file c ON c.assigned_counsellor_id = u.id OR c.responsible_caseworker_id = u.id
          WHERE u.role = 'counsellor'
          GROUP BY u.id, u.email ORDER BY abs(count(*) FILTER (WHERE c.status = 'open') - $1), u.email LIMIT 1`,
        [TARGET_OPEN_CASES],
      );
      const counsellor = pick.rows[0] as { id: string; email: string; open: number; total: number; departments: string[] };
      const adminUser = (await sql.query(`SELECT id, email FROM app_user WHERE role = 'admin'`)).rows[0] as { id: string; email: string };
      const detailIds: string[] = (
        await sql.query(`SELECT id FROM case_file WHERE assigned_counsellor_id = $1 AND status = 'open' ORDER BY md5(id::text) LIMIT 500`, [counsellor.id])
      ).rows.map((r) => r.id);
      const dueTotal = (
        await sql.query(`SELECT count(*)::int AS n FROM case_file WHERE status = 'open' AND stage IN ('demand', 'termination')`)
      ).rows[0].n as number;
      out(`counsellor ${counsellor.email}: ${fmt(counsellor.open)} open of ${fmt(counsellor.total)} cases in ${counsellor.departments.length} departments; admin sees ${fmt(dueTotal)} open demand/termination cases`);

      // ---- 3. the api
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: dbUrl,
        REDIS_URL: process.env.REDIS_URL,
        LOG_LEVEL: 'info',
        TRUST_PROXY: 'true',
        QUEUE_PREFIX: `bench${process.pid}`,
      });
      // Request logging stays on (info, as production); the lines go nowhere instead of a terminal.
      const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
      app = (await createApiApp(config, { logStream: sink as never, webDir: null })).app;
      await app.listen(0, '127.0.0.1');
      const apiUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const ds = app.get<DataSource>(getDataSourceToken());
      const counsellorCookie = await login(apiUrl, counsellor.email, '10.9.0.1');
      const adminCookie = await login(apiUrl, adminUser.email, '10.9.0.2');

      // ---- 4. the baseline
      const scope: Scope = { organisationId: data.organisationId, userId: counsellor.id, label: counsellor.email, departmentIds: counsellor.departments };
      const lists: Record<string, ListQuery> = {
        mine: {
          where: `c.organisation_id = $1 AND c.department_id = ANY($2::uuid[]) AND (c.assigned_counsellor_id = $3 OR c.responsible_caseworker_id = $3) AND c.status = $4`,
          order: `c.risk_rank DESC, c.next_step_due ASC NULLS LAST, c.id`,
          params: [data.organisationId, counsellor.departments, counsellor.id, 'open'],
        },
        due: {
          where: `c.organisation_id = $1 AND TRUE AND c.status = $2 AND c.stage = ANY($3::text[])`,
          order: `c.next_step_due ASC NULLS LAST, c.id`,
          params: [data.organisationId, 'open', ['demand', 'termination']],
        },
      };
      pool = new pg.Pool({ connectionString: dbUrl, max: POOL_SIZE, application_name: 'bench-bare' });
      bare = await startBare(pool, lists, scope);
      const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

      // Same answers from both (so the comparison is of like with like), and the api's own SQL for EXPLAIN.
      const runs = [
        { key: 'list', label: 'list: counsellor, my open cases by risk', api: ['/api/v1/cases'], bare: ['/list/mine'], cookie: counsellorCookie },
        {
          key: 'listAdmin',
          label: 'list: admin, assignee=any&stage=demand,termination&sort=daysLeft',
          api: ['/api/v1/cases?assignee=any&stage=demand,termination&sort=daysLeft'],
          bare: ['/list/due'],
          cookie: adminCookie,
        },
        {
          key: 'detail',
          label: `detail: GET /cases/:id, ${detailIds.length} of the counsellor's cases rotated`,
          api: detailIds.map((id) => `/api/v1/cases/${id}`),
          bare: detailIds.map((id) => `/cases/${id}`),
          cookie: counsellorCookie,
        },
      ];
      out('api SQL per request (EXPLAIN ANALYZE execution time of each SELECT the api sent):');
      for (const run of runs) {
        let apiBody: any;
        const captured = await captureSql(ds, async () => {
          apiBody = await getJson(apiUrl + run.api[0], run.cookie);
        });
        const bareBody = await getJson(bareUrl + run.bare[0]);
        if (run.key === 'detail') {
          if (apiBody.id !== bareBody.id || apiBody.household.length !== bareBody.household.length || apiBody.tasks.length !== bareBody.tasks.length) {
            throw new Error(`api and bare detail differ for ${run.api[0]}`);
          }
        } else {
          const ids = (items: { id: string }[]) => items.map((i) => i.id).join(',');
          if (apiBody.total !== bareBody.total || ids(apiBody.items) !== ids(bareBody.items)) {
            throw new Error(`api and bare list differ (${run.key}): total ${apiBody.total} vs ${bareBody.total}`);
          }
        }
        for (const line of await explainCaptured(sql, run.key, captured)) out(line);
        out(`  ${run.key.padEnd(10)} ${captured.length} statements in all (${captured.map((c) => oneLine(c.sql).split(' ')[0]).join(', ')})`);
      }

      // ---- 5. load
      loader = fork(path.join(__dirname, 'load-client.cjs'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const autocannon = (baseUrl: string, paths: string[], durationS: number, cookie?: string): Promise<LoadResult> =>
        new Promise((resolve, reject) => {
          loader!.once('message', (m: { ok: boolean; result: LoadResult; error: string }) => (m.ok ? resolve(m.result) : reject(new Error(m.error))));
          loader!.send({ baseUrl, paths, headers: cookie ? { cookie } : {}, connections: CONNECTIONS, durationS });
        });
      // Warm-up, then the measured run, with the CPU time this process (the server) and the database's backends
      // for this database spent meanwhile: where a request's cost goes, on a machine too noisy for req/s alone.
      const load = async (what: string, baseUrl: string, paths: string[], cookie?: string): Promise<LoadResult> => {
        if (WARMUP_S > 0) await autocannon(baseUrl, paths, WARMUP_S, cookie);
        const dbBefore = await backendCpu(sql!);
        const profiler = PROFILE && what.startsWith('api') ? await startProfiler() : null;
        const nodeBefore = process.cpuUsage();
        const r = await autocannon(baseUrl, paths, DURATION_S, cookie);
        const node = process.cpuUsage(nodeBefore);
        if (profiler) for (const l of await profiler.stop(what.replace(/\W+/g, '-'))) out(l);
        const dbAfter = await backendCpu(sql!);
        if (r.non2xx || r.errors || r.timeouts) throw new Error(`${what}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
        r.nodeCpuMs = (node.user + node.system) / 1000 / r.total;
        r.dbCpuMs = dbAfter && dbBefore ? [...dbAfter].reduce((sum, [pid, ms]) => sum + ms - (dbBefore.get(pid) ?? 0), 0) / r.total : null;
        return r;
      };
      const line = (who: string, r: LoadResult) =>
        `  ${who.padEnd(5)} ${fmt(r.rps).padStart(6)} req/s  p50 ${fmt(r.p50).padStart(4)} ms  p90 ${fmt(r.p90).padStart(4)} ms  p99 ${fmt(r.p99).padStart(5)} ms  ` +
        `max ${fmt(r.max).padStart(5)} ms  cpu/req: node ${fmt(r.nodeCpuMs!, 1)} ms, db ${r.dbCpuMs === null ? 'n/a' : `${fmt(r.dbCpuMs!, 1)} ms`}  ${fmt(r.bytesPerReq)} B`;
      const results: Record<string, { api: LoadResult; bare: LoadResult }> = {};
      out('load (autocannon in a child process):');
      for (const run of runs) {
        out(`[${run.label}]`);
        const apiR = await load(`api ${run.key}`, apiUrl, run.api, run.cookie);
        out(line('api', apiR));
        const bareR = await load(`bare ${run.key}`, bareUrl, run.bare);
        out(`${line('bare', bareR)}  ratio ${(apiR.rps / bareR.rps).toFixed(2)}`);
        results[run.key] = { api: apiR, bare: bareR };
      }
      // For reading the detail ratio: the baseline again, now also doing what the api does besides reading
      // (a transaction, the second summary query, one audit_log INSERT per household member, COMMIT).
      out('[detail: bare + transaction + audit INSERTs, as the api does]');
      const audited = await load('bare audited detail', bareUrl, detailIds.map((id) => `/cases-audited/${id}`));
      out(`${line('bare', audited)}  api ratio to this ${(results.detail!.api.rps / audited.rps).toFixed(2)}`);

      const { list, detail } = results as Record<'list' | 'detail', { api: LoadResult; bare: LoadResult }>;
      out(`total ${((performance.now() - started) / 1000).toFixed(0)} s (data generation ${genS.toFixed(0)} s)`);
      summary =
        `bench:api list_p99_ms=${list.api.p99} list_ratio_to_bare=${(list.api.rps / list.bare.rps).toFixed(2)} ` +
        `detail_p99_ms=${detail.api.p99} detail_ratio_to_bare=${(detail.api.rps / detail.bare.rps).toFixed(2)}`;
    } finally {
      loader?.kill();
      if (bare) await new Promise((r) => bare!.close(r));
      await pool?.end();
      await app?.close();
      await sql?.end();
      if (db) await dropBenchDatabase(db, (url) => `kept database ${url}`);
    }
    out(summary);
  });
});
