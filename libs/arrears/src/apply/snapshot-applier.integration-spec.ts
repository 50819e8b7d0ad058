import { DataSource } from 'typeorm';
import { Clock, dataSourceOptions } from '@forebyg/core';
import { CaseRefresher, CaseRepository, ReminderScheduler } from '@forebyg/cases';
import { addCalendarDays } from '@forebyg/domain';
import { Factory } from '../../../../test/support/factories.js';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database.js';
import { SnapshotApplier } from '../snapshot-applier.js';

/**
 * The applier writes each case once, with the assessment computed in the same pass (assessmentColumns) instead
 * of leaving it to the refresher: what it writes must be what the refresher computes for the same case. After
 * each snapshot, the refresher's full refresh of every open case must change nothing and record no risk change.
 * The snapshots exercise new cases (with earlier closed cases of the same tenancy that sent a påkrav), updated
 * cases with a contact, an override and a broken agreement, cases of tenancies absent from the snapshot, and a
 * case the close rule closes in the same apply (which keeps its assessment, as a closed case does).
 */
let db: TestDatabase;
let ds: DataSource;
let f: Factory;
const today = '2026-06-15';
const day = (n: number) => addCalendarDays(today, n);

class FixedClock extends Clock {
  override now(): Date {
    return new Date(`${today}T10:00:00Z`);
  }
}

let refresher: CaseRefresher;
let applier: SnapshotApplier;
let organisationId: string;
let deptA: string;
let deptB: string;
let codeA: string;
let codeB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 4, applicationName: 'forebyg-applier-test' }));
  await ds.initialize();
  f = new Factory(ds);
  const clock = new FixedClock();
  refresher = new CaseRefresher(ds, new CaseRepository(ds), clock, new ReminderScheduler(clock));
  applier = new SnapshotApplier(refresher);
  ({ organisationId, deptA, deptB } = await f.world());
  [{ code: codeA }, { code: codeB }] = await ds.query('SELECT code FROM department WHERE id = ANY($1::uuid[]) ORDER BY code', [
    [deptA, deptB],
  ]);
  // Department B opens at 3.000 kr. and closes cases the day their arrears reach zero.
  await ds.query(
    `INSERT INTO case_trigger_rule (organisation_id, department_id, open_min_ore, close_after_days_at_zero) VALUES ($1, $2, 300000, 0)`,
    [organisationId, deptB],
  );
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

interface Row {
  n: number;
  dept?: 'A' | 'B';
  arrears: number;
  rent?: number | null;
  due?: string | null;
  demand?: string | null;
  termination?: string | null;
  court?: string | null;
  eviction?: string | null;
  children?: number | null;
}

async function apply(asOf: string, rows: Row[]) {
  const [{ id: importId }] = await ds.query(
    `INSERT INTO arrears_import (organisation_id, format, actor_type, status, as_of) VALUES ($1, 'csv', 'system', 'applying', $2) RETURNING id`,
    [organisationId, asOf],
  );
  for (const r of rows) {
    await ds.query(
      `INSERT INTO arrears_staging (import_id, line, tenancy_number, department_code, monthly_rent_ore, arrears_ore, oldest_due_date,
                                    demand_sent_date, termination_date, court_filed_date, eviction_date, children, tenant_names)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ARRAY['Lejer ' || $3])`,
      [
        importId,
        r.n + 1,
        `L-${r.n}`,
        r.dept === 'B' ? codeB : codeA,
        r.rent === undefined ? 650_000 : r.rent,
        r.arrears,
        r.due ?? null,
        r.demand ?? null,
        r.termination ?? null,
        r.court ?? null,
        r.eviction ?? null,
        r.children ?? null,
      ],
    );
  }
  const result = await ds.transaction((em) =>
    applier.apply(em, { importId, organisationId, asOf, requestedDepartments: [codeA, codeB], allowedDepartmentIds: null }),
  );
  await ds.query('DELETE FROM arrears_staging WHERE import_id = $1', [importId]);
  return result;
}

const assessments = () =>
  ds.query(
    `SELECT c.id, c.status, next_step, next_step_due::text, next_step_estimated, demand_deadline::text, risk_score, risk_level,
            risk_computed_level, risk_reasons, risk_rank FROM case_file c ORDER BY c.id`,
  );
const riskEvents = async () => (await ds.query(`SELECT count(*)::int AS n FROM case_event WHERE kind = 'risk_changed'`))[0].n;

/** The refresher, left to recompute every open case from scratch, finds nothing to change. */
async function expectRefresherAgrees() {
  const before = await assessments();
  const events = await riskEvents();
  const open: { id: string }[] = await ds.query(`SELECT id FROM case_file WHERE status = 'open'`);
  await ds.transaction((em) =>
    refresher.refreshMany(
      em,
      open.map((o) => o.id),
    ),
  );
  expect(await assessments()).toEqual(before);
  expect(await riskEvents()).toBe(events);
}

const caseOf = async (n: number) =>
  (
    await ds.query(
      `SELECT c.* FROM case_file c JOIN tenancy t ON t.id = c.tenancy_id WHERE t.tenancy_number = $1 ORDER BY c.opened_at DESC LIMIT 1`,
      [`L-${n}`],
    )
  )[0];

it('writes the assessment the refresher computes, for new, updated, cleared and closing cases', async () => {
  // Tenancy 0 had two cases before, both with a påkrav within the year: its new case counts three.
  const t0 = await f.tenancy(organisationId, deptA, 'L-0');
  for (const demand of [day(-200), day(-40)]) {
    const id = await f.caseFile(organisationId, t0);
    await ds.query(
      `UPDATE case_file SET demand_sent_date = $2, status = 'closed', closed_at = now(), closed_stage = stage, outcome = 'paid' WHERE id = $1`,
      [id, demand],
    );
  }
  const first: Row[] = [
    { n: 0, arrears: 900_000, demand: day(-10), due: day(-70), children: 2 },
    { n: 1, arrears: 1_400_000, due: day(-60) },
    { n: 2, arrears: 100_000, due: day(-20) }, // below the rule: no case
    { n: 3, arrears: 2_000_000, demand: day(-30), termination: day(-5), due: day(-90), children: 4 },
    { n: 4, arrears: 3_100_000, court: day(-3), eviction: day(20), due: day(-120) },
    { n: 5, arrears: 700_000, rent: null, demand: day(-2) },
    { n: 6, arrears: 800_000, dept: 'B', due: day(-35) },
    { n: 7, arrears: 650_000, due: day(-31) },
    { n: 8, arrears: 950_000, due: day(-45), children: 40 },
  ];
  const r1 = await apply(day(-10), first);
  expect(r1).toMatchObject({ casesOpened: 8, casesUpdated: 0, casesCleared: 0, casesClosed: 0 });
  expect(await caseOf(8)).toMatchObject({ children_in_household: 30 });
  await expectRefresherAgrees();

  // Between the snapshots: a reached contact, an override, a broken agreement (each refreshed as the api would).
  const c1 = (await caseOf(1)).id;
  const c3 = (await caseOf(3)).id;
  const c4 = (await caseOf(4)).id;
  await ds.query(`INSERT INTO case_contact (case_id, at, channel, reached) VALUES ($1, $2, 'phone', true)`, [c1, `${day(-4)}T09:00:00Z`]);
  await ds.query(`UPDATE case_file SET risk_override_level = 'critical', risk_override_reason = 'Kendt situation' WHERE id = $1`, [c3]);
  await ds.query(`INSERT INTO payment_agreement (case_id, status, agreed_date) VALUES ($1, 'broken', $2)`, [c4, day(-8)]);
  await ds.transaction((em) => refresher.refreshMany(em, [c1, c3, c4]));

  const second: Row[] = [
    { n: 0, arrears: 900_000, demand: day(-10), due: day(-70), children: 2 }, // unchanged
    { n: 1, arrears: 1_600_000, due: day(-60), demand: day(-1) }, // more arrears and a påkrav
    { n: 2, arrears: 500_000, due: day(-20) }, // now over the rule: a new case
    { n: 3, arrears: 2_200_000, demand: day(-30), termination: day(-5), court: day(-1), due: day(-90), children: 4 },
    { n: 4, arrears: 0, court: day(-3), eviction: day(20), due: day(-120) }, // paid, but department A waits 30 days
    // 5 is absent: paid
    { n: 6, arrears: 0, dept: 'B', due: day(-35) }, // paid in department B: closes in this apply
    { n: 7, arrears: 650_000, due: day(-31), children: 1 },
    { n: 8, arrears: 950_000, due: day(-45), children: 40 }, // counts as updated: 40 is not the 30 stored
    { n: 9, arrears: 4_000_000, due: day(-100), eviction: day(5) },
  ];
  const before6 = await caseOf(6);
  const r2 = await apply(day(-1), second);
  expect(r2).toMatchObject({ casesOpened: 2, casesUpdated: 6, casesCleared: 3, casesClosed: 1 });
  const after6 = await caseOf(6);
  expect(after6).toMatchObject({ status: 'closed', arrears_ore: '0', risk_score: before6.risk_score, next_step: before6.next_step });
  expect(await caseOf(5)).toMatchObject({ status: 'open', arrears_ore: '0' });
  await expectRefresherAgrees();
});
