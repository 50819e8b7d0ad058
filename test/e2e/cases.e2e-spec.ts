import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import type { CaseDetail, CaseSummary } from '@forebyg/cases';
import {
  addBusinessDays,
  addCalendarDays,
  businessDaysBetween,
  calendarDaysBetween,
  computeNextStep,
  computeRisk,
  danishHolidays,
  demandDeadline,
  formatDanishMoney,
  isBusinessDay,
  lastDayBeforeDemand,
  todayInCopenhagen,
} from '@forebyg/domain';
import { Factory, TestWorld } from '../support/factories.js';
import { expectError, expectFieldError, requestLine } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * The case workbench over HTTP: intake, the caseload and its filters, the parts of a case (contacts, tasks,
 * budget, debts, payment agreement, applications, notes), the stage machine and the deadline clock on real
 * calendars, risk override, close and reopen, optimistic concurrency, department scoping, notes permission,
 * CPR search and the CSV export. Every response is checked never to carry a full CPR number.
 */

/** CPR numbers used in this file; no response body may contain any of them unmasked. */
const CPR = { main: '150385-2417', known: '040471-1236', deptB: '220792-3318', search: '311299-4125', conc: '120668-1019' };
const FULL_CPR_FORMS = Object.values(CPR).flatMap((c) => [c, c.replace('-', '')]);

type Who = 'admin' | 'counsellor' | 'caseworker' | 'counsellorB' | 'counsellor2' | 'otherAdmin' | 'propertyManager';

let api: TestApi;
let world: TestWorld;
let f: Factory;
let cookies: Record<Who, string>;
let counsellor2Id: string;
let today: string;

beforeAll(async () => {
  api = await startTestApi();
  f = new Factory(api.ds);
  world = await f.world();
  counsellor2Id = (await f.user(world.organisationId, 'counsellor', [world.deptA], `counsellor2-${Date.now()}@test.dk`)).id;
  const otherOrg = await f.organisation('Anden boligforening');
  const otherAdmin = await f.user(otherOrg, 'admin', []);
  const emailOf = async (id: string) => (await api.ds.query('SELECT email FROM app_user WHERE id = $1', [id]))[0].email as string;
  cookies = {
    admin: await api.login(world.users.admin.email),
    counsellor: await api.login(world.users.counsellor.email),
    caseworker: await api.login(world.users.caseworker.email),
    counsellorB: await api.login(world.users.counsellorB.email),
    counsellor2: await api.login(await emailOf(counsellor2Id)),
    otherAdmin: await api.login(otherAdmin.email),
    propertyManager: await api.login(world.users.property_manager.email),
  };
  today = todayInCopenhagen();
});
afterAll(async () => {
  // Not in the server's logs either.
  const logs = api?.logs.join('\n') ?? '';
  await api?.close();
  for (const cpr of FULL_CPR_FORMS) expect(logs).not.toContain(cpr);
});

// ---------------------------------------------------------------------------------------------------------
// helpers

function expectNoFullCpr(res: Response): void {
  const text = res.text ?? '';
  for (const cpr of FULL_CPR_FORMS) {
    if (text.includes(cpr)) throw new Error(`${requestLine(res)} leaks a full CPR number: ${text.slice(0, 300)}`);
  }
}

async function call(who: Who | string, method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: unknown): Promise<Response> {
  const cookie = who in cookies ? cookies[who as Who] : who;
  const req = api.http()[method](path).set('Cookie', cookie);
  const res = body === undefined ? await req : await req.send(body as object);
  expectNoFullCpr(res);
  return res;
}

/** The body of a response that must have the given status (the failure message shows what came instead). */
function ok<T = any>(res: Response, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}: ${requestLine(res)} -> ${res.status} ${res.text.slice(0, 600)}`);
  return res.body as T;
}

const casePath = (id: string, rest = '') => `/api/v1/cases/${id}${rest}`;

let seq = 0;
/** A new case through manual intake on a new tenancy in `departmentId` (default department A). */
async function newCase(who: Who | string = 'counsellor', extra: Record<string, unknown> = {}, tenancy: Record<string, unknown> = {}): Promise<CaseDetail> {
  seq++;
  const body = {
    tenancy: {
      departmentId: world.deptA,
      tenancyNumber: `E2E-${process.pid}-${seq}`,
      address: `Sagsvej ${seq}, 1. th.`,
      monthlyRentOre: 650_000,
      ...tenancy,
    },
    tenant: { name: `Lejer Nummer${seq}` },
    ...extra,
  };
  return ok<CaseDetail>(await call(who, 'post', '/api/v1/cases', body), 201);
}

async function getCase(id: string, who: Who | string = 'counsellor'): Promise<CaseDetail> {
  return ok<CaseDetail>(await call(who, 'get', casePath(id)));
}

async function list(who: Who | string, query: string): Promise<{ items: CaseSummary[]; page: number; pageSize: number; total: number }> {
  return ok(await call(who, 'get', `/api/v1/cases?${query}`));
}

async function timeline(id: string, who: Who | string = 'counsellor', query = 'pageSize=200') {
  return ok<{ items: { id: string; at: string; kind: string; actor: { type: string; label: string | null } | null; data: any }[]; total: number }>(
    await call(who, 'get', `${casePath(id, '/timeline')}?${query}`),
  );
}

async function auditRowsFor(action: string): Promise<{ action: string; entityId: string | null; personId: string | null; details: any; actorId: string | null }[]> {
  return ok(await call('admin', 'get', `/api/v1/audit?pageSize=200&action=${action}`)).items;
}

const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
const LEVEL_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

// ---------------------------------------------------------------------------------------------------------

describe('life cycle as a counsellor', () => {
  it('intake with a new tenancy, a tenant with CPR and a first contact: in "my cases" with risk and next step; the detail masks the CPR', async () => {
    const oldestDueDate = addCalendarDays(today, -1);
    const res = await call('counsellor', 'post', '/api/v1/cases', {
      tenancy: { departmentId: world.deptA, tenancyNumber: 'LC-0001', address: 'Livsvej 1, st. th.', postalCode: '2300', monthlyRentOre: 650_000 },
      tenant: { name: 'Lis Livscyklus', cpr: CPR.main, phone: '+45 20 30 40 50', email: 'lis@example.dk' },
      arrearsOre: 1_300_000,
      childrenInHousehold: 2,
      dates: { oldestDueDate },
      firstContact: { channel: 'phone', reached: false, summary: 'Ingen svar' },
    });
    const created = ok<CaseDetail>(res, 201);
    expect(created).toMatchObject({
      status: 'open',
      stage: 'arrears',
      origin: 'manual',
      openedStage: 'arrears',
      version: 1,
      tenancyNumber: 'LC-0001',
      address: 'Livsvej 1, st. th.',
      departmentId: world.deptA,
      tenantName: 'Lis Livscyklus',
      assignedCounsellor: { id: world.users.counsellor.id, name: 'Test counsellor' },
      responsibleCaseworker: null,
      arrearsOre: 1_300_000,
      monthlyRentOre: 650_000,
      childrenInHousehold: 2,
      helpBeganAt: null,
      helpBeganStage: null,
      lastContactAt: null,
      closedStage: null,
      outcome: null,
      can: { write: true, assign: true, readNotes: true, writeNotes: true },
    });
    expect(created.caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(created.household).toEqual([
      expect.objectContaining({ name: 'Lis Livscyklus', role: 'tenant', cprMasked: '150385-XXXX', phone: '+45 20 30 40 50', email: 'lis@example.dk' }),
    ]);
    expect(created.contacts).toEqual([expect.objectContaining({ channel: 'phone', reached: false, direction: 'inbound', summary: 'Ingen svar' })]);
    expect(created.contacts[0].createdBy).toEqual({ id: world.users.counsellor.id, name: 'Test counsellor' });

    // The clock and the risk are exactly what the domain rules give for these facts.
    const ns = computeNextStep({ stage: 'arrears', today, oldestDueDate });
    expect(ns.dueDate).toBe(lastDayBeforeDemand(oldestDueDate));
    expect(created.nextStep).toMatchObject({
      step: 'demand',
      dueDate: ns.dueDate,
      daysLeft: ns.daysLeft,
      businessDaysLeft: ns.businessDaysLeft,
      overdue: false,
      estimated: false,
      basis: ns.basis,
    });
    const risk = computeRisk({
      stage: 'arrears',
      daysLeft: ns.daysLeft,
      arrearsOre: 1_300_000,
      monthlyRentOre: 650_000,
      demandsLast12Months: 0,
      childrenInHousehold: 2,
      daysSinceLastContact: null,
      daysSinceCaseOpened: 0,
      brokenPaymentAgreement: false,
    });
    expect(created.risk).toEqual({ score: risk.score, level: risk.level, computedLevel: risk.level, overridden: false, reasons: risk.reasons, override: null });
    expect(created.risk.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ factor: 'stage', points: 5 }),
        expect.objectContaining({ factor: 'arrears_ratio', points: 10 }),
        expect.objectContaining({ factor: 'children', points: 10 }),
      ]),
    );

    // In "my cases" (the default assignee is the caller), with the same clock and risk.
    const mine = await list('counsellor', 'pageSize=200');
    const row = mine.items.find((c) => c.id === created.id);
    expect(row).toMatchObject({
      caseNumber: created.caseNumber,
      stage: 'arrears',
      tenantName: 'Lis Livscyklus',
      risk: { score: risk.score, level: risk.level, overridden: false },
      nextStep: { step: 'demand', dueDate: ns.dueDate, daysLeft: ns.daysLeft, businessDaysLeft: ns.businessDaysLeft },
      openTaskCount: 0,
      hasOverdueTasks: false,
    });
    // Not the caseworker's: nobody made them responsible.
    expect(idsOf((await list('caseworker', 'pageSize=200')).items)).not.toContain(created.id);

    // The detail: CPR masked, for the caller's permissions.
    const detail = await getCase(created.id);
    expect(detail.household[0].cprMasked).toBe('150385-XXXX');
    const asCaseworker = await getCase(created.id, 'caseworker');
    expect(asCaseworker.can).toEqual({ write: true, assign: true, readNotes: false, writeNotes: false });

    // And the property manager has no case permission at all.
    expectError(await call('propertyManager', 'get', casePath(created.id)), 403, 'forbidden');
  });

  it('an intake on a tenancy with an open case is a 409 naming that case; a known CPR reuses the person', async () => {
    const first = await newCase('counsellor', { tenant: { name: 'Karl Kendt', cpr: CPR.known } });
    const again = await call('counsellor', 'post', '/api/v1/cases', { tenancyId: first.tenancyId });
    expectError(again, 409, 'conflict');
    expect(again.body).toMatchObject({ reason: 'open_case_exists', caseId: first.id });

    const second = await newCase('counsellor', {
      tenant: { name: 'Karl K. med nyt navn', cpr: '040471 1236' },
      stage: 'demand',
      firstContact: { channel: 'home_visit', reached: true },
    });
    expect(second).toMatchObject({ stage: 'demand', openedStage: 'demand', helpBeganStage: 'demand' });
    expect(second.lastContactAt).toBe(second.helpBeganAt);
    expect(second.lastContactAt).not.toBeNull();
    expect(second.household).toHaveLength(1);
    expect(second.household[0]).toMatchObject({ personId: first.household[0].personId, cprMasked: '040471-XXXX' });

    // Either tenancyId or tenancy, not both and not neither.
    expectFieldError(await call('counsellor', 'post', '/api/v1/cases', {}), 'tenancy', 'tenancy_required');
    expectFieldError(
      await call('counsellor', 'post', '/api/v1/cases', { tenancyId: first.tenancyId, tenancy: { departmentId: world.deptA, tenancyNumber: 'X', address: 'Y' } }),
      'tenancy',
      'tenancy_ambiguous',
    );
    // A department outside the caller's scope, a bad CPR, a future date.
    expectFieldError(
      await call('counsellor', 'post', '/api/v1/cases', { tenancy: { departmentId: world.deptB, tenancyNumber: 'NOPE-1', address: 'Z' } }),
      'tenancy.departmentId',
      'unknown_department',
    );
    expectFieldError(
      await call('counsellor', 'post', '/api/v1/cases', {
        tenancy: { departmentId: world.deptA, tenancyNumber: 'NOPE-2', address: 'Z' },
        tenant: { name: 'X', cpr: '310299-1234' },
      }),
      'tenant.cpr',
    );
    expectFieldError(
      await call('counsellor', 'post', '/api/v1/cases', {
        tenancy: { departmentId: world.deptA, tenancyNumber: 'NOPE-3', address: 'Z' },
        dates: { demandSentDate: addCalendarDays(today, 1) },
      }),
      'dates.demandSentDate',
      'in_future',
    );
    expectFieldError(
      await call('counsellor', 'post', '/api/v1/cases', { tenancyId: (await newCase('counsellorB', {}, { departmentId: world.deptB })).tenancyId }),
      'tenancyId',
      'not_found',
    );
    // Nothing half-written: the refused intakes left no tenancy behind.
    const left = await api.ds.query(`SELECT count(*)::int AS n FROM tenancy WHERE tenancy_number LIKE 'NOPE-%'`);
    expect(left[0].n).toBe(0);
  });

  it('contacts: an unanswered attempt, then a two-way contact records when and at which stage help began, once', async () => {
    const c = await newCase();
    const first = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'letter', reached: false }), 201);
    expect(first.contacts).toHaveLength(1);
    expect(first.contacts[0]).toMatchObject({ channel: 'letter', reached: false, direction: 'outbound' });
    expect(first).toMatchObject({ helpBeganAt: null, helpBeganStage: null, lastContactAt: null, version: c.version });

    const at = new Date(Date.now() - 60 * 60_000).toISOString();
    const reached = ok<CaseDetail>(
      await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'meeting', reached: true, direction: 'inbound', at, summary: 'Aftalt budget' }),
      201,
    );
    expect(reached).toMatchObject({ helpBeganAt: at, helpBeganStage: 'arrears', lastContactAt: at });
    expect(reached.contacts.map((x) => x.channel)).toEqual(['letter', 'meeting']); // newest first: the letter was logged "now"

    const moved = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/stage'), { version: reached.version, stage: 'demand' }));
    const later = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'phone', reached: true }), 201);
    expect(later.helpBeganAt).toBe(at);
    expect(later.helpBeganStage).toBe('arrears');
    expect(Date.parse(later.lastContactAt!)).toBeGreaterThan(Date.parse(at));
    // Contacts are parts: the case's own version does not move.
    expect(later.version).toBe(moved.version);

    expectFieldError(
      await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'phone', reached: true, at: new Date(Date.now() + 3_600_000).toISOString() }),
      'at',
      'in_future',
    );
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'pigeon', reached: true }), 'channel');
  });

  it('tasks: the open count and the overdue flag follow adding, completing and reopening', async () => {
    const c = await newCase();
    const yesterday = addCalendarDays(today, -1);
    const nextWeek = addCalendarDays(today, 7);
    ok(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: '  Ring til lejer  ', dueDate: yesterday }), 201);
    const two = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'Send budget', dueDate: nextWeek, assigneeId: world.users.caseworker.id }), 201);
    expect(two).toMatchObject({ openTaskCount: 2, hasOverdueTasks: true, version: c.version });
    expect(two.tasks).toEqual([
      expect.objectContaining({ title: 'Ring til lejer', dueDate: yesterday, overdue: true, doneAt: null, version: 1, assignee: { id: world.users.counsellor.id, name: 'Test counsellor' } }),
      expect.objectContaining({ title: 'Send budget', dueDate: nextWeek, overdue: false, assignee: { id: world.users.caseworker.id, name: 'Test caseworker' } }),
    ]);
    const row = (await list('counsellor', 'pageSize=200')).items.find((x) => x.id === c.id);
    expect(row).toMatchObject({ openTaskCount: 2, hasOverdueTasks: true });

    const overdueTask = two.tasks[0];
    const done = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/tasks/${overdueTask.id}`), { version: 1, done: true }));
    expect(done).toMatchObject({ openTaskCount: 1, hasOverdueTasks: false });
    const doneTask = done.tasks.find((t) => t.id === overdueTask.id)!;
    expect(doneTask).toMatchObject({ overdue: false, version: 2 });
    expect(doneTask.doneAt).not.toBeNull();
    expect((await list('counsellor', 'pageSize=200')).items.find((x) => x.id === c.id)).toMatchObject({ openTaskCount: 1, hasOverdueTasks: false });

    const reopened = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/tasks/${overdueTask.id}`), { version: 2, done: false, title: 'Ring igen' }));
    expect(reopened).toMatchObject({ openTaskCount: 2, hasOverdueTasks: true });
    expect(reopened.tasks.find((t) => t.id === overdueTask.id)).toMatchObject({ title: 'Ring igen', doneAt: null, overdue: true, version: 3 });

    const kinds = (await timeline(c.id, 'counsellor', 'kind=task_added,task_completed,task_reopened,task_updated')).items.map((e) => e.kind);
    expect(kinds).toEqual(['task_reopened', 'task_completed', 'task_added', 'task_added']);

    // A task cannot go to someone who does no case work in the department.
    expectFieldError(
      await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'X', dueDate: nextWeek, assigneeId: world.users.property_manager.id }),
      'assigneeId',
      'not_assignable',
    );
    expectFieldError(
      await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'X', dueDate: nextWeek, assigneeId: world.users.counsellorB.id }),
      'assigneeId',
      'not_assignable',
    );
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'X', dueDate: '2026-02-30' }), 'dueDate');
    expectError(await call('counsellor', 'patch', casePath(c.id, `/tasks/00000000-0000-4000-8000-000000000000`), { version: 1, done: true }), 404, 'not_found');
  });

  it('budget: monthly amounts and totals are exact in øre (three quarterly 100,00 kr. lines make 100,00 kr. a month, not 99,99)', async () => {
    const c = await newCase();
    const add = async (line: Record<string, unknown>) => ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/budget-lines'), line), 201);
    await add({ kind: 'income', label: 'Løn', amountOre: 2_000_000 });
    await add({ kind: 'expense', label: 'Husleje', amountOre: 650_000, frequency: 'monthly' });
    for (const label of ['Forsikring', 'Vand', 'Fagforening']) await add({ kind: 'expense', label, amountOre: 10_000, frequency: 'quarterly' });
    await add({ kind: 'expense', label: 'Licens', amountOre: 100_000, frequency: 'yearly' });
    const full = await add({ kind: 'expense', label: 'Mad', amountOre: 50_000, frequency: 'weekly' });

    const byLabel = Object.fromEntries(full.budget.lines.map((l) => [l.label, l]));
    expect(byLabel['Forsikring']).toMatchObject({ amountOre: 10_000, frequency: 'quarterly', monthlyOre: 3_333, version: 1 });
    expect(byLabel['Licens'].monthlyOre).toBe(8_333); // 1.000,00 kr. a year: 83,33 kr. a month
    expect(byLabel['Mad'].monthlyOre).toBe(216_667); // 500,00 kr. × 52 / 12 = 2.166,666... → 2.166,67 kr.
    // Yearly sums divided once: 650.000×12 + 10.000×4×3 + 100.000 + 50.000×52 = 10.620.000 → 885.000 a month.
    expect(full.budget.totals).toEqual({ incomeOre: 2_000_000, expenseOre: 885_000, disposableOre: 1_115_000 });
    expect(full.budget.lines.reduce((s, l) => s + (l.kind === 'expense' ? l.monthlyOre : 0), 0)).toBe(884_999); // per-line rounding would lose an øre

    const rent = byLabel['Husleje'];
    const changed = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/budget-lines/${rent.id}`), { version: 1, amountOre: 700_000, label: ' Husleje ny ' }));
    expect(changed.budget.lines.find((l) => l.id === rent.id)).toMatchObject({ amountOre: 700_000, label: 'Husleje ny', monthlyOre: 700_000, version: 2 });
    expect(changed.budget.totals).toEqual({ incomeOre: 2_000_000, expenseOre: 935_000, disposableOre: 1_065_000 });

    const removed = ok<CaseDetail>(await call('counsellor', 'delete', `${casePath(c.id, `/budget-lines/${byLabel['Mad'].id}`)}?version=1`));
    expect(removed.budget.lines.map((l) => l.label)).not.toContain('Mad');
    expect(removed.budget.totals).toEqual({ incomeOre: 2_000_000, expenseOre: 718_333, disposableOre: 1_281_667 });
    expect(removed.version).toBe(c.version);

    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/budget-lines'), { kind: 'expense', label: 'X', amountOre: -1 }), 'amountOre');
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/budget-lines'), { kind: 'expense', label: 'X', amountOre: 1.5 }), 'amountOre');
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/budget-lines'), { kind: 'expense', label: 'X', amountOre: 1, frequency: 'daily' }), 'frequency');
  });

  it('debts: rent first, then utilities and public debt, then the rest by size; the total is exact', async () => {
    const c = await newCase();
    const add = async (d: Record<string, unknown>) => ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/debts'), d), 201);
    await add({ creditor: 'Forbrugslån A/S', creditorKind: 'consumer', amountOre: 500_000 });
    await add({ creditor: 'Banken', creditorKind: 'bank', amountOre: 1_000_000 });
    await add({ creditor: 'Boligforeningen', creditorKind: 'rent', amountOre: 1_300_000, note: 'Tre måneder' });
    await add({ creditor: 'Gældsstyrelsen', creditorKind: 'public', amountOre: 200_000 });
    const all = await add({ creditor: 'Forsyningen', creditorKind: 'utilities', amountOre: 300_001 });
    expect(all.debts.items.map((d) => [d.creditorKind, d.priority])).toEqual([
      ['rent', 1],
      ['utilities', 2],
      ['public', 3],
      ['bank', 4],
      ['consumer', 4],
    ]);
    expect(all.debts.totalOre).toBe(3_300_001);
    expect(all.debts.items[0]).toMatchObject({ creditor: 'Boligforeningen', note: 'Tre måneder', version: 1 });

    const consumer = all.debts.items.find((d) => d.creditorKind === 'consumer')!;
    const bigger = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/debts/${consumer.id}`), { version: 1, amountOre: 2_000_000, note: null }));
    expect(bigger.debts.items.map((d) => d.creditorKind)).toEqual(['rent', 'utilities', 'public', 'consumer', 'bank']);
    expect(bigger.debts.totalOre).toBe(4_800_001);

    const gone = ok<CaseDetail>(await call('counsellor', 'delete', `${casePath(c.id, `/debts/${consumer.id}`)}?version=2`));
    expect(gone.debts.items).toHaveLength(4);
    expect(gone.debts.totalOre).toBe(2_800_001);
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/debts'), { creditor: 'X', creditorKind: 'casino', amountOre: 1 }), 'creditorKind');
    expectFieldError(await call('counsellor', 'delete', `${casePath(c.id, `/debts/${consumer.id}`)}?version=zero`), 'version');
  });

  it('payment agreement: instalments paid and missed; a broken agreement adds the broken_agreement risk reason', async () => {
    const c = await newCase('counsellor', { arrearsOre: 300_000 });
    expectFieldError(
      await call('counsellor', 'post', casePath(c.id, '/agreements'), {
        agreedDate: today,
        instalments: [
          { dueDate: addCalendarDays(today, 30), amountOre: 100_000 },
          { dueDate: addCalendarDays(today, 30), amountOre: 100_000 },
        ],
      }),
      'instalments.1.dueDate',
      'not_increasing',
    );
    const due = [addCalendarDays(today, -5), addCalendarDays(today, 25), addCalendarDays(today, 55)];
    const made = ok<CaseDetail>(
      await call('counsellor', 'post', casePath(c.id, '/agreements'), {
        agreedDate: addCalendarDays(today, -10),
        note: 'Aftalt med administrationen',
        instalments: due.map((dueDate, i) => ({ dueDate, amountOre: 100_000 + i })),
      }),
      201,
    );
    const a = made.agreement!;
    expect(a).toMatchObject({ status: 'active', agreedDate: addCalendarDays(today, -10), note: 'Aftalt med administrationen', version: 1, totalOre: 300_003, paidOre: 0 });
    expect(a.instalments.map((i) => [i.seq, i.dueDate, i.amountOre, i.status, i.overdue])).toEqual([
      [1, due[0], 100_000, 'pending', true],
      [2, due[1], 100_001, 'pending', false],
      [3, due[2], 100_002, 'pending', false],
    ]);
    expectError(
      await call('counsellor', 'post', casePath(c.id, '/agreements'), { agreedDate: today, instalments: [{ dueDate: today, amountOre: 1 }] }),
      409,
      'conflict',
    );

    const paidDate = addCalendarDays(today, -4);
    const paid = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/instalments/${a.instalments[0].id}`), { version: 1, status: 'paid', paidDate }));
    expect(paid.agreement!.instalments[0]).toMatchObject({ status: 'paid', paidDate, overdue: false, version: 2 });
    expect(paid.agreement!.paidOre).toBe(100_000);
    const missed = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/instalments/${a.instalments[1].id}`), { version: 1, status: 'missed' }));
    expect(missed.agreement!.instalments[1]).toMatchObject({ status: 'missed', paidDate: null });
    expectFieldError(
      await call('counsellor', 'patch', casePath(c.id, `/instalments/${a.instalments[2].id}`), { version: 1, status: 'paid', paidDate: addCalendarDays(today, 1) }),
      'paidDate',
      'in_future',
    );
    // Paid without a date: paid today.
    const paidToday = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/instalments/${a.instalments[2].id}`), { version: 1, status: 'paid' }));
    expect(paidToday.agreement!.instalments[2]).toMatchObject({ status: 'paid', paidDate: today });
    expect(paidToday.risk.reasons.map((r) => r.factor)).not.toContain('broken_agreement');

    const broken = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id, `/agreements/${a.id}`), { version: 1, status: 'broken', note: 'Afdrag 2 ikke betalt' }));
    expect(broken.agreement).toMatchObject({ id: a.id, status: 'broken', note: 'Afdrag 2 ikke betalt', version: 2 });
    expect(broken.risk.reasons).toContainEqual({ factor: 'broken_agreement', points: 10, detail: {} });
    expect(broken.risk.score).toBe(Math.min(100, paidToday.risk.score + 10));
    // Ended agreements stay ended.
    const again = await call('counsellor', 'patch', casePath(c.id, `/agreements/${a.id}`), { version: 2, status: 'completed' });
    expectError(again, 409, 'conflict');
    expect(again.body.reason).toBe('agreement_not_active');

    // A new agreement may follow; the case shows the active one, and the broken one still counts.
    const next = ok<CaseDetail>(
      await call('counsellor', 'post', casePath(c.id, '/agreements'), { agreedDate: today, instalments: [{ dueDate: addCalendarDays(today, 10), amountOre: 50_000 }] }),
      201,
    );
    expect(next.agreement).toMatchObject({ status: 'active', totalOre: 50_000 });
    expect(next.agreement!.id).not.toBe(a.id);
    expect(next.risk.reasons.map((r) => r.factor)).toContain('broken_agreement');
    const events = (await timeline(c.id, 'counsellor', 'kind=agreement_created,agreement_status_changed,instalment_changed')).items;
    expect(events.map((e) => e.kind)).toEqual(['agreement_created', 'agreement_status_changed', 'instalment_changed', 'instalment_changed', 'instalment_changed', 'agreement_created']);
    expect(events[1].data).toMatchObject({ agreementId: a.id, from: 'active', to: 'broken' });
  });

  it('applications: planned or submitted, then decided', async () => {
    const c = await newCase();
    const one = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/applications'), { kind: 'municipal_aid', note: '§ 81' }), 201);
    const two = ok<CaseDetail>(
      await call('counsellor', 'post', casePath(c.id, '/applications'), { kind: 'housing_benefit', submittedDate: addCalendarDays(today, -3) }),
      201,
    );
    expect(two.applications).toEqual([
      expect.objectContaining({ kind: 'municipal_aid', status: 'planned', submittedDate: null, note: '§ 81', version: 1 }),
      expect.objectContaining({ kind: 'housing_benefit', status: 'submitted', submittedDate: addCalendarDays(today, -3), version: 1 }),
    ]);
    const aid = one.applications[0];
    const granted = ok<CaseDetail>(
      await call('counsellor', 'patch', casePath(c.id, `/applications/${aid.id}`), {
        version: 1,
        status: 'granted',
        submittedDate: addCalendarDays(today, -2),
        decidedDate: today,
        amountOre: 123_456,
        note: null,
      }),
    );
    expect(granted.applications[0]).toEqual({
      id: aid.id,
      kind: 'municipal_aid',
      status: 'granted',
      submittedDate: addCalendarDays(today, -2),
      decidedDate: today,
      amountOre: 123_456,
      note: null,
      version: 2,
    });
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/applications'), { kind: 'lottery' }), 'kind');
    expectFieldError(await call('counsellor', 'patch', casePath(c.id, `/applications/${aid.id}`), { version: 2, status: 'approved' }), 'status');
  });

  it('notes: written, listed newest first, edited by their author', async () => {
    const c = await newCase();
    const n1 = ok(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: 'Første samtale: vil gerne have hjælp.' }), 201);
    expect(n1).toMatchObject({ body: 'Første samtale: vil gerne have hjælp.', author: { id: world.users.counsellor.id, name: 'Test counsellor' }, version: 1, editable: true });
    const n2 = ok(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: 'Anden note' }), 201);
    const notes = ok(await call('counsellor', 'get', casePath(c.id, '/notes'))).items;
    expect(notes.map((n: { id: string }) => n.id)).toEqual([n2.id, n1.id]);
    const edited = ok(await call('counsellor', 'patch', casePath(c.id, `/notes/${n1.id}`), { version: 1, body: 'Rettet' }));
    expect(edited).toMatchObject({ id: n1.id, body: 'Rettet', version: 2, editable: true });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(edited.createdAt));
    // Notes are parts, not case-level edits.
    expect((await getCase(c.id)).version).toBe(c.version);
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: '' }), 'body');
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: 'x'.repeat(20_001) }), 'body');
  });

  it('stages: one step forward needs no reason; skipping or going back does; eviction_scheduled needs its date', async () => {
    const c = await newCase();
    let v = c.version;
    const stage = async (body: Record<string, unknown>) => call('counsellor', 'post', casePath(c.id, '/stage'), { version: v, ...body });

    const demand = ok<CaseDetail>(await stage({ stage: 'demand' }));
    expect(demand).toMatchObject({ stage: 'demand', version: v + 1 });
    expect(demand.dates).toMatchObject({ demandSentDate: today, demandDeadline: demandDeadline(today) });
    expect(demand.nextStep).toMatchObject({ step: 'termination', dueDate: demandDeadline(today), daysLeft: calendarDaysBetween(today, demandDeadline(today)) });
    v = demand.version;

    expectFieldError(await stage({ stage: 'court' }), 'reason', 'reason_required');
    expectFieldError(await stage({ stage: 'arrears' }), 'reason', 'reason_required');
    expectFieldError(await stage({ stage: 'arrears', reason: '   ' }), 'reason', 'reason_required');
    expectFieldError(await stage({ stage: 'demand' }), 'stage', 'same_stage');
    expectFieldError(await stage({ stage: 'termination', date: addCalendarDays(today, 1) }), 'date', 'in_future');
    expectFieldError(await stage({ stage: 'nowhere' }), 'stage');
    expect((await getCase(c.id)).version).toBe(v); // refused changes change nothing

    const terminationDate = addCalendarDays(today, -2);
    const term = ok<CaseDetail>(await stage({ stage: 'termination', date: terminationDate }));
    expect(term.dates.terminationDate).toBe(terminationDate);
    expect(term.nextStep).toMatchObject({ step: 'legal', dueDate: addCalendarDays(terminationDate, 10), estimated: true });
    v = term.version;
    const court = ok<CaseDetail>(await stage({ stage: 'court', reason: 'Advokaten har allerede indgivet begæring' }));
    expect(court.dates.courtFiledDate).toBe(today);
    expect(court.nextStep).toMatchObject({ step: 'eviction', dueDate: addCalendarDays(today, 21), estimated: true });
    v = court.version;

    expectFieldError(await stage({ stage: 'eviction_scheduled' }), 'date', 'required_for_stage');
    const evictionDate = addCalendarDays(today, 30);
    const scheduled = ok<CaseDetail>(await stage({ stage: 'eviction_scheduled', date: evictionDate }));
    expect(scheduled).toMatchObject({ stage: 'eviction_scheduled' });
    expect(scheduled.dates.evictionDate).toBe(evictionDate);
    expect(scheduled.nextStep).toMatchObject({ step: 'eviction', dueDate: evictionDate, daysLeft: 30, estimated: false, overdue: false });
    v = scheduled.version;

    const back = ok<CaseDetail>(await stage({ stage: 'demand', reason: 'Ophævelsen blev trukket tilbage' }));
    expect(back.stage).toBe('demand');
    const stageEvents = (await timeline(c.id, 'counsellor', 'kind=stage_changed')).items;
    expect(stageEvents.map((e) => [e.data.from, e.data.to, e.data.kind])).toEqual([
      ['eviction_scheduled', 'demand', 'backward'],
      ['court', 'eviction_scheduled', 'forward'],
      ['termination', 'court', 'skip'],
      ['demand', 'termination', 'forward'],
      ['arrears', 'demand', 'forward'],
    ]);
    expect(stageEvents[0].data.reason).toBe('Ophævelsen blev trukket tilbage');
    expect(stageEvents[0].actor).toEqual({ type: 'user', label: expect.any(String) });
  });

  it('PATCH updates facts and recomputes clock and risk; a date sent as null is cleared', async () => {
    const c = await newCase('counsellor', { stage: 'demand', dates: { demandSentDate: addCalendarDays(today, -3) } });
    expect(c.nextStep?.dueDate).toBe(demandDeadline(addCalendarDays(today, -3)));
    const sent = addCalendarDays(today, -1);
    const patched = ok<CaseDetail>(
      await call('counsellor', 'patch', casePath(c.id), { version: c.version, arrearsOre: 1_950_000, childrenInHousehold: 1, dates: { demandSentDate: sent, oldestDueDate: null } }),
    );
    expect(patched).toMatchObject({ version: c.version + 1, arrearsOre: 1_950_000, childrenInHousehold: 1 });
    expect(patched.dates).toMatchObject({ demandSentDate: sent, demandDeadline: demandDeadline(sent), oldestDueDate: null });
    expect(patched.nextStep).toMatchObject({ dueDate: demandDeadline(sent) });
    expect(patched.risk.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ factor: 'arrears_ratio', points: 15 }), expect.objectContaining({ factor: 'children', points: 10 })]),
    );
    const cleared = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id), { version: patched.version, dates: { demandSentDate: null } }));
    expect(cleared.dates).toMatchObject({ demandSentDate: null, demandDeadline: null });
    expect(cleared.nextStep).toMatchObject({ step: 'termination', dueDate: null, daysLeft: null });
    // Facts cannot lie in the future (as at intake); the eviction date may.
    for (const field of ['oldestDueDate', 'demandSentDate', 'terminationDate', 'legalHandoverDate', 'courtFiledDate']) {
      expectFieldError(
        await call('counsellor', 'patch', casePath(c.id), { version: cleared.version, dates: { [field]: addCalendarDays(today, 1) } }),
        `dates.${field}`,
        'in_future',
      );
    }
    const evicting = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id), { version: cleared.version, dates: { evictionDate: addCalendarDays(today, 20) } }));
    expect(evicting.dates.evictionDate).toBe(addCalendarDays(today, 20));
    const unevicted = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id), { version: evicting.version, dates: { evictionDate: null } }));
    // Nothing to change: no new version.
    const same = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id), { version: unevicted.version, arrearsOre: 1_950_000 }));
    expect(same.version).toBe(unevicted.version);
    const updates = (await timeline(c.id, 'counsellor', 'kind=case_updated')).items;
    expect(updates).toHaveLength(4);
    expect(updates[3].data.changes).toMatchObject({ arrearsOre: { from: 0, to: 1_950_000 }, demandSentDate: { to: sent } });
  });

  it('risk override with a reason is audited and shown; clearing returns to the computed level', async () => {
    const c = await newCase();
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/risk-override'), { version: c.version, level: 'critical' }), 'reason');
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/risk-override'), { version: c.version, level: 'critical', reason: '  ' }), 'reason', 'reason_required');
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/risk-override'), { version: c.version, level: 'extreme', reason: 'x' }), 'level');

    const res = await call('counsellor', 'post', casePath(c.id, '/risk-override'), { version: c.version, level: 'critical', reason: 'Familien er meget sårbar' });
    const over = ok<CaseDetail>(res);
    expect(over.risk).toMatchObject({ level: 'critical', computedLevel: c.risk.computedLevel, overridden: true, score: c.risk.score });
    expect(over.risk.override).toEqual({
      level: 'critical',
      reason: 'Familien er meget sårbar',
      by: { id: world.users.counsellor.id, name: 'Test counsellor' },
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(over.version).toBe(c.version + 1);
    const row = (await list('counsellor', 'pageSize=200&sort=-risk')).items;
    expect(row.find((x) => x.id === c.id)!.risk).toEqual({ score: c.risk.score, level: 'critical', overridden: true });
    const audits = (await auditRowsFor('case.risk_overridden')).filter((r) => r.entityId === c.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: world.users.counsellor.id, personId: c.household[0].personId, details: { level: 'critical' } });

    const cleared = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/risk-override'), { version: over.version, level: null }));
    expect(cleared.risk).toMatchObject({ level: c.risk.computedLevel, computedLevel: c.risk.computedLevel, overridden: false, override: null });
    const kinds = (await timeline(c.id, 'counsellor', 'kind=risk_overridden,risk_override_cleared')).items;
    expect(kinds.map((e) => e.kind)).toEqual(['risk_override_cleared', 'risk_overridden']);
    expect(kinds[1].data).toMatchObject({ level: 'critical', reason: 'Familien er meget sårbar' });
  });

  it('close with an outcome records the stage; a closed case refuses changes except notes; reopen', async () => {
    const c = await newCase();
    const demand = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/stage'), { version: c.version, stage: 'demand' }));
    ok(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'Opfølgning', dueDate: today }), 201);
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/close'), { version: demand.version, outcome: 'won_lottery' }), 'outcome');

    const closed = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/close'), { version: demand.version, outcome: 'payment_agreement', note: ' Afdrag aftalt ' }));
    expect(closed).toMatchObject({ status: 'closed', stage: 'demand', closedStage: 'demand', outcome: 'payment_agreement', outcomeNote: 'Afdrag aftalt', nextStep: null, version: demand.version + 1 });
    expect(closed.closedAt).not.toBeNull();

    const refused = async (res: Response) => {
      expectError(res, 409, 'conflict');
      expect(res.body.reason).toBe('case_closed');
    };
    const v = closed.version;
    await refused(await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'phone', reached: true }));
    await refused(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'X', dueDate: today }));
    await refused(await call('counsellor', 'patch', casePath(c.id, `/tasks/${closed.tasks[0].id}`), { version: 1, done: true }));
    await refused(await call('counsellor', 'patch', casePath(c.id), { version: v, arrearsOre: 1 }));
    await refused(await call('counsellor', 'post', casePath(c.id, '/stage'), { version: v, stage: 'termination' }));
    await refused(await call('counsellor', 'post', casePath(c.id, '/budget-lines'), { kind: 'income', label: 'X', amountOre: 1 }));
    await refused(await call('counsellor', 'post', casePath(c.id, '/close'), { version: v, outcome: 'paid' }));
    await refused(await call('counsellor', 'post', casePath(c.id, '/risk-override'), { version: v, level: 'low', reason: 'x' }));
    await refused(await call('counsellor', 'post', casePath(c.id, '/assign'), { version: v, assignedCounsellorId: counsellor2Id }));
    const lateNote = ok(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: 'Sagen er lukket, men noten kan skrives' }), 201);
    ok(await call('counsellor', 'patch', casePath(c.id, `/notes/${lateNote.id}`), { version: 1, body: 'Og rettes' }));
    await refused(await call('counsellor', 'delete', `${casePath(c.id, `/budget-lines/00000000-0000-4000-8000-000000000000`)}?version=1`));
    expect((await getCase(c.id)).version).toBe(v);

    expect(idsOf((await list('counsellor', 'pageSize=200')).items)).not.toContain(c.id);
    const closedRow = (await list('counsellor', 'pageSize=200&status=closed')).items.find((x) => x.id === c.id);
    expect(closedRow).toMatchObject({ status: 'closed', outcome: 'payment_agreement', nextStep: null });

    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/reopen'), { version: v }), 'reason');
    const reopened = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/reopen'), { version: v, reason: 'Afdrag ikke betalt' }));
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, closedStage: null, outcome: null, outcomeNote: null, stage: 'demand', version: v + 1 });
    expect(reopened.nextStep).toMatchObject({ step: 'termination' });
    const again = await call('counsellor', 'post', casePath(c.id, '/reopen'), { version: reopened.version, reason: 'x' });
    expectError(again, 409, 'conflict');
    expect(again.body.reason).toBe('case_open');

    // Reopening while the tenancy has a newer open case is refused.
    const closedAgain = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/close'), { version: reopened.version, outcome: 'paid' }));
    const newer = ok<CaseDetail>(await call('counsellor', 'post', '/api/v1/cases', { tenancyId: c.tenancyId }), 201);
    const blocked = await call('counsellor', 'post', casePath(c.id, '/reopen'), { version: closedAgain.version, reason: 'Forkert lukket' });
    expectError(blocked, 409, 'conflict');
    expect(blocked.body).toMatchObject({ reason: 'open_case_exists', caseId: newer.id });

    const events = (await timeline(c.id, 'counsellor', 'kind=closed,reopened')).items;
    expect(events.map((e) => e.kind)).toEqual(['closed', 'reopened', 'closed']);
    expect(events[2].data).toMatchObject({ outcome: 'payment_agreement', stage: 'demand' });
  });

  it('the timeline holds the events newest first and filters by kind', async () => {
    const c = await newCase('counsellor', { firstContact: { channel: 'sms', reached: false } });
    const staged = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/stage'), { version: c.version, stage: 'demand' }));
    ok(await call('counsellor', 'post', casePath(c.id, '/contacts'), { channel: 'phone', reached: true }), 201);
    ok(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: 'Note' }), 201);
    ok(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'Opgave', dueDate: today }), 201);
    ok(await call('counsellor', 'patch', casePath(c.id), { version: staged.version, arrearsOre: 42 }));

    const all = await timeline(c.id);
    const ids = all.items.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (let i = 1; i < all.items.length; i++) expect(Date.parse(all.items[i - 1].at)).toBeGreaterThanOrEqual(Date.parse(all.items[i].at));
    const kinds = all.items.map((e) => e.kind).filter((k) => k !== 'risk_changed');
    expect(kinds).toEqual(['case_updated', 'task_added', 'note_added', 'contact_logged', 'stage_changed', 'contact_logged', 'opened']);
    expect(all.total).toBe(all.items.length);
    expect(all.items.at(-1)).toMatchObject({ kind: 'opened', data: { stage: 'arrears', origin: 'manual' }, actor: { type: 'user' } });

    const filtered = await timeline(c.id, 'counsellor', 'kind=contact_logged,opened');
    expect(filtered.items.map((e) => e.kind)).toEqual(['contact_logged', 'contact_logged', 'opened']);
    expect(filtered.total).toBe(3);
    expect(filtered.items[0].data).toMatchObject({ channel: 'phone', reached: true });

    const page2 = await timeline(c.id, 'counsellor', 'pageSize=2&page=2');
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(2, 4).map((e) => e.id));
    expect(page2.total).toBe(all.total);
    expectFieldError(await call('counsellor', 'get', `${casePath(c.id, '/timeline')}?kind=opened,exploded`), 'kind');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('the deadline clock on real dates', () => {
  /** The most recent year (this or last) in which `monthDay`-ish dates lie in the past. */
  const pastYearFor = (date: (year: number) => string) => {
    const year = Number(today.slice(0, 4));
    return date(year) <= today ? year : year - 1;
  };

  async function expectClock(sent: string) {
    const c = await newCase('counsellor', { stage: 'demand', dates: { demandSentDate: sent } });
    const due = demandDeadline(sent);
    const now = todayInCopenhagen();
    const expected = {
      step: 'termination',
      dueDate: due,
      daysLeft: calendarDaysBetween(now, due),
      businessDaysLeft: businessDaysBetween(now, due),
      overdue: now > due,
      estimated: false,
    };
    expect(c.dates.demandDeadline).toBe(due);
    expect(c.nextStep).toMatchObject(expected);
    expect((await getCase(c.id)).nextStep).toMatchObject(expected);
    const row = (await list('counsellor', 'pageSize=200')).items.find((x) => x.id === c.id);
    expect(row!.nextStep).toMatchObject(expected);
    return due;
  }

  it('a påkrav whose 14 days end on Skærtorsdag runs to the Tuesday after Easter', async () => {
    const easterThursday = (year: number) => danishHolidays(year).find((h) => h.name === 'Skærtorsdag')!.date;
    const year = pastYearFor((y) => addCalendarDays(easterThursday(y), -15));
    const thursday = easterThursday(year);
    // Sent on the Wednesday two weeks before: arrives Thursday (one business day), 14 days → Skærtorsdag.
    const sent = addCalendarDays(thursday, -15);
    expect(addCalendarDays(addBusinessDays(sent, 1), 14)).toBe(thursday);
    const due = await expectClock(sent);
    expect(due).toBe(addCalendarDays(thursday, 5)); // Thu, Fri, Sat, Easter Sunday, Easter Monday are not business days
  });

  it('a påkrav whose 14 days end at Christmas runs past the holidays', async () => {
    const year = pastYearFor((y) => `${y}-12-12`);
    // A sending date whose raw deadline (arrival + 14 days) lands on 24, 25 or 26 December.
    let sent = '';
    for (let d = 1; d <= 12 && !sent; d++) {
      const candidate = `${year}-12-${String(d).padStart(2, '0')}`;
      const raw = addCalendarDays(addBusinessDays(candidate, 1), 14);
      if (raw >= `${year}-12-24` && raw <= `${year}-12-26`) sent = candidate;
    }
    expect(sent).not.toBe('');
    const due = await expectClock(sent);
    expect(due > `${year}-12-26`).toBe(true);
    expect(isBusinessDay(due)).toBe(true);
  });

  it('a påkrav sent today gives a deadline ahead, counted in calendar and business days from today', async () => {
    const due = await expectClock(today);
    expect(calendarDaysBetween(today, due)).toBeGreaterThanOrEqual(15);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('optimistic concurrency', () => {
  const expectConflict = (res: Response, currentVersion: number) => {
    expectError(res, 409, 'version_conflict');
    expect(res.body.currentVersion).toBe(currentVersion);
    expect(res.body.current).toBeDefined();
  };

  it('two clients read the same version: the first change wins, the second gets 409 with the case as it is now', async () => {
    const c = await newCase('counsellor', { tenant: { name: 'Konkurrent Hansen', cpr: CPR.conc } });
    const seenByA = await getCase(c.id, 'counsellor');
    const seenByB = await getCase(c.id, 'caseworker');
    expect(seenByA.version).toBe(seenByB.version);

    const winner = ok<CaseDetail>(await call('counsellor', 'patch', casePath(c.id), { version: seenByA.version, arrearsOre: 500_000 }));
    expect(winner.version).toBe(seenByA.version + 1);
    const loser = await call('caseworker', 'post', casePath(c.id, '/stage'), { version: seenByB.version, stage: 'demand' });
    expectConflict(loser, winner.version);
    expect(loser.body.current).toMatchObject({ id: c.id, version: winner.version, arrearsOre: 500_000, stage: 'arrears' });
    expect(loser.body.current.household[0].cprMasked).toBe('120668-XXXX');
    // Stale PATCH, assign, risk override, close and reopen too.
    expectConflict(await call('caseworker', 'patch', casePath(c.id), { version: seenByB.version, arrearsOre: 1 }), winner.version);
    expectConflict(await call('caseworker', 'post', casePath(c.id, '/assign'), { version: seenByB.version, assignedCounsellorId: null }), winner.version);
    expectConflict(await call('caseworker', 'post', casePath(c.id, '/risk-override'), { version: seenByB.version, level: 'low', reason: 'x' }), winner.version);
    expectConflict(await call('caseworker', 'post', casePath(c.id, '/close'), { version: seenByB.version, outcome: 'paid' }), winner.version);
    expect((await getCase(c.id)).stage).toBe('arrears');

    // Reloaded, the second client succeeds.
    ok(await call('caseworker', 'post', casePath(c.id, '/stage'), { version: loser.body.currentVersion, stage: 'demand' }));
  });

  it('every versioned part refuses a stale version with its current state', async () => {
    const c = await newCase();
    const id = c.id;
    const withParts = async () => {
      ok(await call('counsellor', 'post', casePath(id, '/tasks'), { title: 'T', dueDate: today }), 201);
      ok(await call('counsellor', 'post', casePath(id, '/budget-lines'), { kind: 'income', label: 'Løn', amountOre: 100 }), 201);
      ok(await call('counsellor', 'post', casePath(id, '/debts'), { creditor: 'Bank', creditorKind: 'bank', amountOre: 100 }), 201);
      ok(await call('counsellor', 'post', casePath(id, '/applications'), { kind: 'housing_benefit' }), 201);
      return ok<CaseDetail>(
        await call('counsellor', 'post', casePath(id, '/agreements'), { agreedDate: today, instalments: [{ dueDate: today, amountOre: 100 }] }),
        201,
      );
    };
    const d = await withParts();
    const note = ok(await call('counsellor', 'post', casePath(id, '/notes'), { body: 'v1' }), 201);
    const parts: [string, string, Record<string, unknown>, Record<string, unknown>, (cur: any) => void][] = [
      ['task', `/tasks/${d.tasks[0].id}`, { title: 'Ny titel' }, { done: true }, (cur) => expect(cur).toMatchObject({ title: 'Ny titel', version: 2 })],
      ['budget line', `/budget-lines/${d.budget.lines[0].id}`, { amountOre: 200 }, { amountOre: 300 }, (cur) => expect(cur).toMatchObject({ amountOre: 200, version: 2 })],
      ['debt', `/debts/${d.debts.items[0].id}`, { amountOre: 200 }, { creditor: 'X' }, (cur) => expect(cur).toMatchObject({ amountOre: 200, version: 2 })],
      ['application', `/applications/${d.applications[0].id}`, { status: 'submitted' }, { status: 'withdrawn' }, (cur) => expect(cur).toMatchObject({ status: 'submitted', version: 2 })],
      ['instalment', `/instalments/${d.agreement!.instalments[0].id}`, { status: 'paid' }, { status: 'missed' }, (cur) => expect(cur).toMatchObject({ status: 'paid', version: 2 })],
      ['agreement', `/agreements/${d.agreement!.id}`, { status: 'completed' }, { status: 'broken' }, (cur) => expect(cur).toMatchObject({ status: 'completed', version: 2 })],
      ['note', `/notes/${note.id}`, { body: 'v2' }, { body: 'v2 fra en anden fane' }, (cur) => expect(cur).toMatchObject({ body: 'v2', version: 2 })],
    ];
    for (const [what, path, first, second, checkCurrent] of parts) {
      ok(await call('counsellor', 'patch', casePath(id, path), { version: 1, ...first }));
      const stale = await call('counsellor', 'patch', casePath(id, path), { version: 1, ...second });
      try {
        expectConflict(stale, 2);
        checkCurrent(stale.body.current);
      } catch (e) {
        throw new Error(`${what}: ${(e as Error).message}`);
      }
    }
    // Deleting with a stale version is refused as well.
    expectConflict(await call('counsellor', 'delete', `${casePath(id, `/budget-lines/${d.budget.lines[0].id}`)}?version=1`), 2);
    expectConflict(await call('counsellor', 'delete', `${casePath(id, `/debts/${d.debts.items[0].id}`)}?version=1`), 2);
    const after = await getCase(id);
    expect(after.budget.lines).toHaveLength(1);
    expect(after.debts.items).toHaveLength(1);
    // None of the part edits moved the case's own version.
    expect(after.version).toBe(c.version);
  });

  it('two concurrent intakes on the same tenancy: one case, one 409', async () => {
    const tenancyId = await f.tenancy(world.organisationId, world.deptA);
    const race = await Promise.all([0, 1].map(() => call('counsellor', 'post', '/api/v1/cases', { tenancyId })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expectError(race.find((r) => r.status === 409)!, 409, 'conflict');
    const rows = await api.ds.query(`SELECT count(*)::int AS n FROM case_file WHERE tenancy_id = $1`, [tenancyId]);
    expect(rows[0].n).toBe(1);
  });

  it('two truly concurrent changes with the same version: exactly one succeeds', async () => {
    const c = await newCase();
    const stageRace = await Promise.all([
      call('counsellor', 'post', casePath(c.id, '/stage'), { version: c.version, stage: 'demand' }),
      call('caseworker', 'post', casePath(c.id, '/stage'), { version: c.version, stage: 'demand' }),
    ]);
    expect(stageRace.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(stageRace.find((r) => r.status === 409)!.body.code).toBe('version_conflict');
    const after = await getCase(c.id);
    expect(after.version).toBe(c.version + 1);
    expect((await timeline(c.id, 'counsellor', 'kind=stage_changed')).total).toBe(1);

    const patchRace = await Promise.all(
      [100, 200, 300].map((arrearsOre, i) => call(i % 2 ? 'caseworker' : 'counsellor', 'patch', casePath(c.id), { version: after.version, arrearsOre })),
    );
    expect(patchRace.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const won = patchRace.find((r) => r.status === 200)!.body as CaseDetail;
    expect((await getCase(c.id)).arrearsOre).toBe(won.arrearsOre);

    const withTask = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/tasks'), { title: 'Race', dueDate: today }), 201);
    const taskId = withTask.tasks[0].id;
    const taskRace = await Promise.all([
      call('counsellor', 'patch', casePath(c.id, `/tasks/${taskId}`), { version: 1, title: 'A' }),
      call('caseworker', 'patch', casePath(c.id, `/tasks/${taskId}`), { version: 1, title: 'B' }),
    ]);
    expect(taskRace.map((r) => r.status).sort()).toEqual([200, 409]);
    const finalTask = (await getCase(c.id)).tasks.find((t) => t.id === taskId)!;
    expect(finalTask.version).toBe(2);
    expect(finalTask.title).toBe(taskRace.find((r) => r.status === 200)!.body.tasks.find((t: { id: string }) => t.id === taskId).title);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('caseload filters, sorting and pagination', () => {
  let deptF: string;
  let users: Record<'counsellorF' | 'counsellorF2' | 'caseworkerF', { id: string; email: string }>;
  let fc: Record<'counsellorF' | 'counsellorF2' | 'caseworkerF', string>;
  let cases: Record<'alfa' | 'beta' | 'gamma' | 'delta' | 'epsilon', CaseDetail>;

  beforeAll(async () => {
    deptF = await f.department(world.organisationId, `F${process.pid % 1000}`);
    users = {
      counsellorF: await f.user(world.organisationId, 'counsellor', [deptF]),
      counsellorF2: await f.user(world.organisationId, 'counsellor', [deptF]),
      caseworkerF: await f.user(world.organisationId, 'caseworker', [deptF]),
    };
    fc = {
      counsellorF: await api.login(users.counsellorF.email),
      counsellorF2: await api.login(users.counsellorF2.email),
      caseworkerF: await api.login(users.caseworkerF.email),
    };
    const t = (n: string, address: string) => ({ departmentId: deptF, tenancyNumber: n, address });
    const alfa = await newCase(fc.counsellorF, { tenant: { name: 'Filter Alfa' }, stage: 'demand', dates: { demandSentDate: addCalendarDays(today, -3) }, arrearsOre: 700_000 }, t('FLT-001', 'Filtervej 1'));
    const beta = await newCase(
      'admin',
      { tenant: { name: 'Filter Beta' }, responsibleCaseworkerId: users.caseworkerF.id, arrearsOre: 100 },
      t('FLT-002', 'Andenvej 2'),
    );
    const gamma = await newCase(
      fc.counsellorF2,
      { tenant: { name: 'Filter Gamma_50%' }, stage: 'court', childrenInHousehold: 3, arrearsOre: 2_000_000, dates: { courtFiledDate: addCalendarDays(today, -5) } },
      t('FLT-003', 'Tredjevej 3'),
    );
    ok(await call(fc.counsellorF2, 'post', casePath(gamma.id, '/tasks'), { title: 'For sent', dueDate: addCalendarDays(today, -2) }), 201);
    const deltaOpen = await newCase(fc.counsellorF, { tenant: { name: 'Filter Delta' } }, t('FLT-004', 'Fjerdevej 4'));
    const delta = ok<CaseDetail>(await call(fc.counsellorF, 'post', casePath(deltaOpen.id, '/close'), { version: deltaOpen.version, outcome: 'paid' }));
    const epsilon = await newCase(fc.counsellorF, { tenant: { name: 'Filter Epsilon' } }, t('FLT-005', 'Femtevej 5'));
    // Midday in Copenhagen 40 calendar days ago, whatever the DST offsets in between.
    const fortyDaysAgo = `${addCalendarDays(today, -40)}T10:00:00.000Z`;
    ok(await call(fc.counsellorF, 'post', casePath(epsilon.id, '/contacts'), { channel: 'phone', reached: true, at: fortyDaysAgo }), 201);
    cases = { alfa, beta, gamma, delta, epsilon };
  });

  const F = (query: string) => list(fc.counsellorF, query);
  const sorted = (ids: string[]) => [...ids].sort();
  const idsF = async (query: string) => sorted(idsOf((await F(query)).items));

  it('assignee: me (default), any, none, or a user id', async () => {
    expect(await idsF('')).toEqual(sorted([cases.alfa.id, cases.epsilon.id]));
    expect(await idsF('assignee=me')).toEqual(sorted([cases.alfa.id, cases.epsilon.id]));
    expect(await idsF(`assignee=${users.counsellorF.id.toUpperCase()}`)).toEqual(sorted([cases.alfa.id, cases.epsilon.id]));
    expect(await idsF('assignee=any')).toEqual(sorted([cases.alfa.id, cases.beta.id, cases.gamma.id, cases.epsilon.id]));
    expect(await idsF('assignee=none')).toEqual([cases.beta.id]);
    expect(await idsF(`assignee=${users.counsellorF2.id}`)).toEqual([cases.gamma.id]);
    expect(await idsF(`assignee=${users.caseworkerF.id}`)).toEqual([cases.beta.id]);
    // The caseworker's "me" is the cases they are responsible for.
    expect(sorted(idsOf((await list(fc.caseworkerF, '')).items))).toEqual([cases.beta.id]);
  });

  it('status, stage and riskLevel lists, departmentId, overdueTasks, noContactDays', async () => {
    expect(await idsF('status=closed')).toEqual([cases.delta.id]);
    expect(await idsF('status=all&assignee=any')).toEqual(sorted(Object.values(cases).map((c) => c.id)));
    expect(await idsF('assignee=any&stage=demand,court')).toEqual(sorted([cases.alfa.id, cases.gamma.id]));
    expect(await idsF('assignee=any&stage=termination')).toEqual([]);

    const open = (await F('assignee=any&pageSize=200')).items;
    for (const level of ['low', 'medium', 'high', 'critical'] as const) {
      expect(await idsF(`assignee=any&riskLevel=${level}`)).toEqual(sorted(idsOf(open.filter((c) => c.risk.level === level))));
    }
    const gammaLevel = open.find((c) => c.id === cases.gamma.id)!.risk.level;
    expect(await idsF(`assignee=any&riskLevel=low,${gammaLevel}`)).toEqual(sorted(idsOf(open.filter((c) => c.risk.level === 'low' || c.risk.level === gammaLevel))));

    // An admin sees every department; departmentId narrows it.
    const adminF = sorted(idsOf((await list('admin', `assignee=any&status=all&departmentId=${deptF}&pageSize=200`)).items));
    expect(adminF).toEqual(sorted(Object.values(cases).map((c) => c.id)));
    expect((await list('admin', `assignee=any&departmentId=${world.deptB}&pageSize=200`)).items.every((c) => c.departmentId === world.deptB)).toBe(true);
    // A department outside the caller's scope: nothing, not an error.
    expect((await F(`assignee=any&departmentId=${world.deptA}`)).total).toBe(0);

    expect(await idsF('assignee=any&overdueTasks=true')).toEqual([cases.gamma.id]);
    expect((await F('assignee=any&overdueTasks=false')).total).toBe(4);
    // Contact 40 days ago; the others opened today and were never contacted.
    expect(await idsF('assignee=any&noContactDays=30')).toEqual([cases.epsilon.id]);
    expect(await idsF('assignee=any&noContactDays=40')).toEqual([cases.epsilon.id]);
    expect(await idsF('assignee=any&noContactDays=41')).toEqual([]);
  });

  it('q matches tenancy number, address or a household member’s name, case-insensitively and literally', async () => {
    expect(await idsF('assignee=any&status=all&q=FLT-001')).toEqual([cases.alfa.id]);
    expect(await idsF('assignee=any&q=flt-00')).toHaveLength(4);
    expect(await idsF('assignee=any&q=ANDENVEJ')).toEqual([cases.beta.id]);
    expect(await idsF('assignee=any&q=gamma')).toEqual([cases.gamma.id]);
    expect(await idsF(`assignee=any&q=${encodeURIComponent('_50%')}`)).toEqual([cases.gamma.id]);
    expect(await idsF(`assignee=any&q=${encodeURIComponent('%')}`)).toEqual([cases.gamma.id]);
    expect(await idsF('assignee=any&q=_')).toEqual([cases.gamma.id]);
    expect(await idsF('assignee=any&q=nobody-here')).toEqual([]);
  });

  it('caseNumber finds exactly that case in the caller’s scope (the routing dry run looks cases up by it)', async () => {
    const number = cases.delta.caseNumber;
    expect(await idsF(`assignee=any&status=all&caseNumber=${encodeURIComponent(` ${number} `)}`)).toEqual([cases.delta.id]);
    // Exact, not a substring; closed cases only with status=all, like every filter.
    expect(await idsF(`assignee=any&status=all&caseNumber=${number.slice(0, -1)}`)).toEqual([]);
    expect(await idsF(`assignee=any&caseNumber=${number}`)).toEqual([]);
    // Another department's case: not found, not an error.
    const outside = await newCase('admin');
    expect((await list('admin', `assignee=any&status=all&caseNumber=${outside.caseNumber}`)).items.map((c) => c.id)).toEqual([outside.id]);
    expect((await F(`assignee=any&status=all&caseNumber=${outside.caseNumber}`)).total).toBe(0);
  });

  it('sorts by -risk and by daysLeft; pages add up to the total', async () => {
    const byRisk = (await F('assignee=any&status=all&sort=-risk&pageSize=200')).items;
    const rank = (c: CaseSummary) => LEVEL_RANK[c.risk.level] * 1000 + c.risk.score;
    expect(byRisk.map(rank)).toEqual([...byRisk.map(rank)].sort((a, b) => b - a));
    expect(byRisk[0].id).toBe(cases.gamma.id); // court stage, children, arrears, overdue-ish

    const byDays = (await F('assignee=any&sort=daysLeft&pageSize=200')).items;
    const dues = byDays.map((c) => c.nextStep?.dueDate ?? null);
    const known = dues.filter((d): d is string => d !== null);
    expect(known).toEqual([...known].sort());
    expect(dues.slice(known.length).every((d) => d === null)).toBe(true); // unknown dates last
    const byDaysDesc = (await F('assignee=any&sort=-daysLeft&pageSize=200')).items.map((c) => c.nextStep?.dueDate ?? null);
    const knownDesc = byDaysDesc.filter((d): d is string => d !== null);
    expect(knownDesc).toEqual([...known].reverse());

    // The default sort is -risk,daysLeft.
    expect(idsOf((await F('assignee=any&status=all&pageSize=200')).items)).toEqual(idsOf((await F('assignee=any&status=all&sort=-risk,daysLeft&pageSize=200')).items));

    const all = await F('assignee=any&status=all&sort=caseNumber&pageSize=200');
    expect(all.total).toBe(5);
    expect(all.items.map((c) => c.caseNumber)).toEqual([...all.items.map((c) => c.caseNumber)].sort());
    const p1 = await F('assignee=any&status=all&sort=caseNumber&pageSize=2&page=1');
    const p2 = await F('assignee=any&status=all&sort=caseNumber&pageSize=2&page=2');
    const p3 = await F('assignee=any&status=all&sort=caseNumber&pageSize=2&page=3');
    expect([p1.total, p2.total, p3.total]).toEqual([5, 5, 5]);
    expect([p1.items.length, p2.items.length, p3.items.length]).toEqual([2, 2, 1]);
    expect([...idsOf(p1.items), ...idsOf(p2.items), ...idsOf(p3.items)]).toEqual(idsOf(all.items));
    expect(p1).toMatchObject({ page: 1, pageSize: 2 });
    expect((await F('assignee=any&status=all&pageSize=2&page=4')).items).toEqual([]);
  });

  it('the export lists the same cases in the same order as the caseload, for every sort', async () => {
    for (const sort of ['-daysLeft', 'daysLeft', '-lastContact', 'lastContact', '-risk,daysLeft', 'arrears,-openedAt']) {
      const query = `assignee=any&status=all&sort=${sort}`;
      const listed = (await F(`${query}&pageSize=200`)).items.map((c) => c.caseNumber);
      const res = await call(fc.counsellorF, 'get', `/api/v1/cases/export.csv?${query}`);
      expect(res.status).toBe(200);
      const [header, ...rows] = parse(res.text, { delimiter: ';', bom: true }) as string[][];
      const exported = rows.map((r) => r[header.indexOf('Sagsnummer')]);
      expect({ sort, exported }).toEqual({ sort, exported: listed });
    }
  });

  it('bad filters are a 422 naming the field', async () => {
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?stage=demand,limbo'), 'stage');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?sort=colour'), 'sort', 'unsupported_sort');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?sort=-risk,shoeSize'), 'sort', 'unsupported_sort');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?riskLevel=extreme'), 'riskLevel');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?assignee=someone'), 'assignee');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?status=pending'), 'status');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?departmentId=42'), 'departmentId');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?overdueTasks=yes'), 'overdueTasks');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?noContactDays=0'), 'noContactDays');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?noContactDays=abc'), 'noContactDays');
    expectFieldError(await call(fc.counsellorF, 'get', `/api/v1/cases?q=${'x'.repeat(101)}`), 'q');
    expectFieldError(await call(fc.counsellorF, 'get', `/api/v1/cases?caseNumber=${'1'.repeat(41)}`), 'caseNumber');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?pageSize=201'), 'pageSize');
    expectFieldError(await call(fc.counsellorF, 'get', '/api/v1/cases?colour=red'), 'colour');
  });

  it('assignees: who may take a case in a department', async () => {
    const res = ok(await call(fc.counsellorF, 'get', `/api/v1/cases/assignees?departmentId=${deptF}`));
    const ids = idsOf(res.items);
    expect(ids).toEqual(expect.arrayContaining([users.counsellorF.id, users.counsellorF2.id, users.caseworkerF.id, world.users.admin.id]));
    expect(ids).not.toContain(world.users.counsellor.id);
    expect(ids).not.toContain(world.users.property_manager.id);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('department and organisation scoping', () => {
  let caseB: CaseDetail;
  beforeAll(async () => {
    caseB = await newCase('counsellorB', { tenant: { name: 'Bodil Bafdeling', cpr: CPR.deptB } }, { departmentId: world.deptB });
  });

  it('a counsellor of department A gets 404 for a department-B case, reading or changing it', async () => {
    const p = (rest = '') => casePath(caseB.id, rest);
    const attempts: [string, 'get' | 'post' | 'patch', string, unknown?][] = [
      ['read', 'get', p()],
      ['timeline', 'get', p('/timeline')],
      ['notes', 'get', p('/notes')],
      ['patch', 'patch', p(), { version: caseB.version, arrearsOre: 1 }],
      ['contact', 'post', p('/contacts'), { channel: 'phone', reached: true }],
      ['task', 'post', p('/tasks'), { title: 'X', dueDate: today }],
      ['stage', 'post', p('/stage'), { version: caseB.version, stage: 'demand' }],
      ['note', 'post', p('/notes'), { body: 'X' }],
      ['budget', 'post', p('/budget-lines'), { kind: 'income', label: 'X', amountOre: 1 }],
      ['close', 'post', p('/close'), { version: caseB.version, outcome: 'paid' }],
      ['assign', 'post', p('/assign'), { version: caseB.version, assignedCounsellorId: world.users.counsellor.id }],
    ];
    for (const who of ['counsellor', 'otherAdmin'] as const) {
      for (const [what, method, path, body] of attempts) {
        const res = await call(who, method, path, body);
        try {
          expectError(res, 404, 'not_found');
        } catch (e) {
          throw new Error(`${who} ${what}: ${(e as Error).message}`);
        }
      }
    }
    // Nothing changed, and the owner still sees it.
    const fresh = await getCase(caseB.id, 'counsellorB');
    expect(fresh).toMatchObject({ version: caseB.version, stage: 'arrears', contacts: [], tasks: [] });
    expect(idsOf((await list('counsellor', 'assignee=any&pageSize=200&status=all')).items)).not.toContain(caseB.id);
    expect((await list('otherAdmin', 'assignee=any&status=all')).total).toBe(0);
  });

  it('a part of a department-B case cannot be reached through a department-A case', async () => {
    const mine = await newCase();
    const theirs = ok<CaseDetail>(
      await call('counsellorB', 'post', casePath(caseB.id, '/agreements'), { agreedDate: today, instalments: [{ dueDate: today, amountOre: 100 }] }),
      201,
    );
    ok(await call('counsellorB', 'post', casePath(caseB.id, '/tasks'), { title: 'B-opgave', dueDate: today }), 201);
    ok(await call('counsellorB', 'post', casePath(caseB.id, '/budget-lines'), { kind: 'income', label: 'B-løn', amountOre: 100 }), 201);
    ok(await call('counsellorB', 'post', casePath(caseB.id, '/debts'), { creditor: 'B-bank', creditorKind: 'bank', amountOre: 100 }), 201);
    ok(await call('counsellorB', 'post', casePath(caseB.id, '/applications'), { kind: 'municipal_aid' }), 201);
    const note = ok(await call('counsellorB', 'post', casePath(caseB.id, '/notes'), { body: 'B-note' }), 201);
    const b = await getCase(caseB.id, 'counsellorB');
    const attempts: [string, 'patch' | 'delete', string, unknown?][] = [
      ['task', 'patch', `/tasks/${b.tasks[0].id}`, { version: 1, title: 'Kapret' }],
      ['budget line', 'patch', `/budget-lines/${b.budget.lines[0].id}`, { version: 1, amountOre: 1 }],
      ['budget line delete', 'delete', `/budget-lines/${b.budget.lines[0].id}?version=1`],
      ['debt', 'patch', `/debts/${b.debts.items[0].id}`, { version: 1, amountOre: 1 }],
      ['debt delete', 'delete', `/debts/${b.debts.items[0].id}?version=1`],
      ['agreement', 'patch', `/agreements/${theirs.agreement!.id}`, { version: 1, status: 'cancelled' }],
      ['instalment', 'patch', `/instalments/${theirs.agreement!.instalments[0].id}`, { version: 1, status: 'missed' }],
      ['application', 'patch', `/applications/${b.applications[0].id}`, { version: 1, status: 'withdrawn' }],
      ['note', 'patch', `/notes/${note.id}`, { version: 1, body: 'Kapret' }],
    ];
    for (const [what, method, path, body] of attempts) {
      const res = await call('counsellor', method, casePath(mine.id, path), body);
      try {
        expectError(res, 404, 'not_found');
      } catch (e) {
        throw new Error(`${what}: ${(e as Error).message}`);
      }
    }
    const after = await getCase(caseB.id, 'counsellorB');
    expect(after.tasks[0]).toMatchObject({ title: 'B-opgave', version: 1 });
    expect(after.budget.lines[0]).toMatchObject({ amountOre: 100, version: 1 });
    expect(after.debts.items[0]).toMatchObject({ amountOre: 100, version: 1 });
    expect(after.agreement).toMatchObject({ status: 'active', version: 1 });
    expect(after.agreement!.instalments[0]).toMatchObject({ status: 'pending', version: 1 });
    expect(after.applications[0]).toMatchObject({ status: 'planned', version: 1 });
    expect(ok(await call('counsellorB', 'get', casePath(caseB.id, '/notes'))).items[0]).toMatchObject({ body: 'B-note', version: 1 });
  });

  it('an assignee must work in the case’s department', async () => {
    const c = await newCase();
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/assign'), { version: c.version, assignedCounsellorId: world.users.counsellorB.id }), 'assignedCounsellorId', 'not_assignable');
    expectFieldError(await call('counsellor', 'post', casePath(c.id, '/assign'), { version: c.version, responsibleCaseworkerId: world.users.counsellor.id }), 'responsibleCaseworkerId', 'not_assignable');
    const assigned = ok<CaseDetail>(
      await call('counsellor', 'post', casePath(c.id, '/assign'), { version: c.version, assignedCounsellorId: counsellor2Id, responsibleCaseworkerId: world.users.caseworker.id }),
    );
    expect(assigned).toMatchObject({ version: c.version + 1, assignedCounsellor: { id: counsellor2Id }, responsibleCaseworker: { id: world.users.caseworker.id } });
    const unassigned = ok<CaseDetail>(await call('counsellor', 'post', casePath(c.id, '/assign'), { version: assigned.version, assignedCounsellorId: null }));
    expect(unassigned).toMatchObject({ assignedCounsellor: null, responsibleCaseworker: { id: world.users.caseworker.id } });
    const [event] = (await timeline(c.id, 'counsellor', 'kind=assigned')).items;
    expect(event.data.counsellor).toMatchObject({ from: counsellor2Id, to: null });
  });

  it('bulk assign is all or nothing: a case outside the scope, or closed, is a 422 and changes nothing', async () => {
    const a1 = await newCase();
    const a2 = await newCase();
    const closedOpen = await newCase();
    const closed = ok<CaseDetail>(await call('counsellor', 'post', casePath(closedOpen.id, '/close'), { version: closedOpen.version, outcome: 'other' }));

    for (const ids of [[a1.id, a2.id, caseB.id], [a1.id, a2.id, closed.id], [a1.id, '00000000-0000-4000-8000-000000000000']]) {
      expectFieldError(await call('counsellor', 'post', '/api/v1/cases/bulk-assign', { caseIds: ids, assignedCounsellorId: counsellor2Id }), 'caseIds', 'not_found_or_closed');
    }
    // A user who may not take one of the cases: also nothing.
    expectFieldError(
      await call('admin', 'post', '/api/v1/cases/bulk-assign', { caseIds: [a1.id, a2.id, caseB.id], assignedCounsellorId: counsellor2Id }),
      'assignedCounsellorId',
      'not_assignable',
    );
    for (const c of [a1, a2]) {
      const now = await getCase(c.id);
      expect(now).toMatchObject({ version: c.version, assignedCounsellor: { id: world.users.counsellor.id } });
    }
    expect((await getCase(caseB.id, 'counsellorB')).version).toBe(caseB.version);

    const res = ok(await call('counsellor', 'post', '/api/v1/cases/bulk-assign', { caseIds: [a1.id, a2.id], assignedCounsellorId: counsellor2Id, responsibleCaseworkerId: null }));
    expect(res.updated).toBe(2);
    expect(res.items).toEqual(expect.arrayContaining([{ id: a1.id, version: a1.version + 1 }, { id: a2.id, version: a2.version + 1 }]));
    expect(await getCase(a1.id)).toMatchObject({ assignedCounsellor: { id: counsellor2Id } });
    expect(idsOf((await list('counsellor2', 'pageSize=200')).items)).toEqual(expect.arrayContaining([a1.id, a2.id]));
    // Assigning what is already so changes nothing.
    const noop = ok(await call('counsellor', 'post', '/api/v1/cases/bulk-assign', { caseIds: [a1.id], assignedCounsellorId: counsellor2Id }));
    expect(noop).toEqual({ updated: 0, items: [{ id: a1.id, version: a1.version + 1 }] });
    expectFieldError(await call('counsellor', 'post', '/api/v1/cases/bulk-assign', { caseIds: [] }), 'caseIds');
    expectFieldError(await call('counsellor', 'post', '/api/v1/cases/bulk-assign', { caseIds: [a1.id, a1.id] }), 'caseIds');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('notes are the counsellors’ own', () => {
  it('a caseworker cannot read or write notes and their timeline has no note events; only the author edits a note', async () => {
    const c = await newCase();
    const note = ok(await call('counsellor', 'post', casePath(c.id, '/notes'), { body: 'Fortroligt: gæld til familie' }), 201);
    expectError(await call('caseworker', 'get', casePath(c.id, '/notes')), 403, 'forbidden');
    expectError(await call('caseworker', 'post', casePath(c.id, '/notes'), { body: 'X' }), 403, 'forbidden');
    expectError(await call('caseworker', 'patch', casePath(c.id, `/notes/${note.id}`), { version: 1, body: 'X' }), 403, 'forbidden');

    const mine = (await timeline(c.id, 'counsellor')).items.map((e) => e.kind);
    expect(mine).toContain('note_added');
    const theirs = await timeline(c.id, 'caseworker');
    expect(theirs.items.map((e) => e.kind)).not.toContain('note_added');
    expect(theirs.total).toBe(mine.length - 1);
    expect((await timeline(c.id, 'caseworker', 'kind=note_added,note_edited')).total).toBe(0);
    expect(JSON.stringify(await getCase(c.id, 'caseworker'))).not.toContain('Fortroligt');

    // Another counsellor of the same department reads it but may not edit it.
    const seen = ok(await call('counsellor2', 'get', casePath(c.id, '/notes'))).items;
    expect(seen).toEqual([expect.objectContaining({ id: note.id, editable: false })]);
    expectError(await call('counsellor2', 'patch', casePath(c.id, `/notes/${note.id}`), { version: 1, body: 'Overskrevet' }), 403, 'forbidden');
    const unchanged = ok(await call('counsellor', 'get', casePath(c.id, '/notes'))).items;
    expect(unchanged[0]).toMatchObject({ body: 'Fortroligt: gæld til familie', version: 1, editable: true });
    expectError(await call('counsellor', 'patch', casePath(c.id, '/notes/00000000-0000-4000-8000-000000000000'), { version: 1, body: 'X' }), 404, 'not_found');
    const rows = (await auditRowsFor('case.notes_read')).filter((r) => r.entityId === c.id);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('CPR search and the audit trail', () => {
  it('finds open and closed cases by CPR in the body, within the caller’s departments; every read is audited', async () => {
    const first = await newCase('counsellor', { tenant: { name: 'Søren Søgbar', cpr: CPR.search } });
    const closed = ok<CaseDetail>(await call('counsellor', 'post', casePath(first.id, '/close'), { version: first.version, outcome: 'moved_voluntarily' }));
    const second = ok<CaseDetail>(await call('counsellor', 'post', '/api/v1/cases', { tenancyId: first.tenancyId }), 201);

    const found = ok(await call('counsellor', 'post', '/api/v1/cases/search-cpr', { cpr: CPR.search.replace('-', '') }));
    expect(idsOf(found.items)).toEqual([second.id, closed.id]);
    expect(found.items[1]).toMatchObject({ status: 'closed', outcome: 'moved_voluntarily', tenantName: 'Søren Søgbar' });
    expect(idsOf(ok(await call('caseworker', 'post', '/api/v1/cases/search-cpr', { cpr: ` ${CPR.search} ` })).items)).toHaveLength(2);

    expectFieldError(await call('counsellor', 'post', '/api/v1/cases/search-cpr', { cpr: '123' }), 'cpr', 'invalid_cpr');
    expectFieldError(await call('counsellor', 'post', '/api/v1/cases/search-cpr', { cpr: '310299-1234' }), 'cpr', 'invalid_cpr');
    expectFieldError(await call('counsellor', 'post', '/api/v1/cases/search-cpr', {}), 'cpr');
    // A department-B person: invisible to department A, found by department B.
    await newCase('counsellorB', { tenant: { name: 'Bent Bafdeling', cpr: CPR.deptB } }, { departmentId: world.deptB });
    expect(ok(await call('counsellor', 'post', '/api/v1/cases/search-cpr', { cpr: CPR.deptB }))).toEqual({ items: [] });
    expect(ok(await call('counsellorB', 'post', '/api/v1/cases/search-cpr', { cpr: CPR.deptB })).items.length).toBeGreaterThan(0);
    expect(ok(await call('otherAdmin', 'post', '/api/v1/cases/search-cpr', { cpr: CPR.search }))).toEqual({ items: [] });

    // The audit trail (as admin): reads, the search, an override and an export.
    await getCase(second.id);
    ok(await call('counsellor', 'post', casePath(second.id, '/risk-override'), { version: second.version, level: 'high', reason: 'Skøn' }));
    ok(await call('counsellor', 'get', '/api/v1/cases/export.csv?assignee=any'));
    const personId = second.household[0].personId;
    const reads = (await auditRowsFor('case.read')).filter((r) => r.entityId === second.id);
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads[0]).toMatchObject({ personId, actorId: world.users.counsellor.id });
    const searches = (await auditRowsFor('case.searched_by_cpr')).filter((r) => r.actorId === world.users.counsellor.id);
    expect(searches.length).toBeGreaterThanOrEqual(2);
    expect(searches.some((r) => r.personId === personId && r.details.matches === 2)).toBe(true);
    expect(searches.some((r) => r.personId === null && r.details.matches === 0)).toBe(true);
    expect((await auditRowsFor('case.risk_overridden')).some((r) => r.entityId === second.id && r.personId === personId)).toBe(true);
    const exports = (await auditRowsFor('case.exported')).filter((r) => r.actorId === world.users.counsellor.id);
    expect(exports.length).toBeGreaterThanOrEqual(1);
    expect(exports[0].details.rows).toEqual(expect.any(Number));
    // Nothing the audit log returns carries the CPR (call() checks every body).
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('CSV export', () => {
  it('is UTF-8 with BOM, ;-separated, Danish money and dates, and neutralises formulas', async () => {
    const deptE = await f.department(world.organisationId, `E${process.pid % 1000}`);
    const counsellorE = await f.user(world.organisationId, 'counsellor', [deptE]);
    const names = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)'];
    const made: CaseDetail[] = [];
    for (const [i, name] of names.entries()) {
      made.push(
        await newCase(
          'admin',
          {
            tenant: { name },
            arrearsOre: 123_456 + i,
            stage: 'demand',
            dates: { demandSentDate: addCalendarDays(today, -i) },
            assignedCounsellorId: counsellorE.id,
          },
          { departmentId: deptE, tenancyNumber: `CSV-${i}`, address: `Eksportvej ${i}; 2. sal`, monthlyRentOre: 650_000 },
        ),
      );
    }
    const before = (await auditRowsFor('case.exported')).length;
    const res = await api
      .http()
      .get(`/api/v1/cases/export.csv?assignee=any&departmentId=${deptE}&sort=caseNumber`)
      .set('Cookie', cookies.admin)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    // Named for the day on the Copenhagen calendar, like every other date in the export.
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sager-${todayInCopenhagen()}.csv"`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    for (const cpr of FULL_CPR_FORMS) expect(text).not.toContain(cpr);

    const rows: string[][] = parse(text, { delimiter: ';', bom: true, relax_column_count: false });
    const [header, ...data] = rows;
    expect(header).toContain('Lejer');
    expect(data).toHaveLength(4);
    const col = (name: string) => {
      const i = header.indexOf(name);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const byNumber = new Map(data.map((r) => [r[col('Lejemål')], r]));
    for (const [i, name] of names.entries()) {
      const row = byNumber.get(`CSV-${i}`)!;
      expect(row).toBeDefined();
      expect(row[col('Lejer')]).toBe(`'${name}`);
      expect(row[col('Sagsnummer')]).toBe(made[i].caseNumber);
      expect(row[col('Adresse')]).toBe(`Eksportvej ${i}; 2. sal`);
      expect(row[col('Restance (kr.)')]).toBe(formatDanishMoney(123_456 + i).replace(' kr.', ''));
      expect(row[col('Månedlig leje (kr.)')]).toBe('6.500,00');
      expect(row[col('Fase')]).toBe('Påkrav');
      expect(row[col('Status')]).toBe('Åben');
      expect(row[col('Rådgiver')]).toBe('Test counsellor');
      const dmy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
      expect(row[col('Frist')]).toBe(dmy(demandDeadline(addCalendarDays(today, -i))));
      expect(row[col('Oprettet')]).toBe(dmy(todayInCopenhagen(new Date(made[i].openedAt))));
      expect(row[col('Dage tilbage')]).toBe(String(calendarDaysBetween(todayInCopenhagen(), demandDeadline(addCalendarDays(today, -i)))));
    }
    expect(data[0][col('Restance (kr.)')]).toBe('1.234,56');
    expect(data.map((r) => r[col('Sagsnummer')])).toEqual(made.map((c) => c.caseNumber).sort());

    const after = await auditRowsFor('case.exported');
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ actorId: world.users.admin.id, details: expect.objectContaining({ rows: 4 }) });

    // Filters apply; a bad filter is a 422 like the list; a property manager may not export.
    const none = await api.http().get(`/api/v1/cases/export.csv?assignee=any&departmentId=${deptE}&stage=court`).set('Cookie', cookies.admin);
    expect(parse(none.text, { delimiter: ';', bom: true })).toHaveLength(1);
    expectFieldError(await call('admin', 'get', '/api/v1/cases/export.csv?sort=colour'), 'sort', 'unsupported_sort');
    expectError(await call('propertyManager', 'get', '/api/v1/cases/export.csv'), 403, 'forbidden');
  });
});
