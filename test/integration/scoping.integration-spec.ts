import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { Actor, dataSourceOptions, loadConfig, pageRequest } from '@forebyg/core';
import { DEPARTMENT_SORTS, DepartmentRepository } from '@forebyg/organisation';
import { CprVault, PersonRepository, TENANCY_SORTS, TenancyRepository } from '@forebyg/tenancies';
import { Factory } from '../support/factories.js';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';

/**
 * Department scoping at the repository layer: whatever the assignment of tenancies to departments and of
 * persons to households, an actor sees exactly the rows of their own departments in their own organisation
 * (never fewer, never more), through lists, finds and the CPR blind-index search.
 */
let db: TestDatabase;
let ds: DataSource;
let f: Factory;
let tenancies: TenancyRepository;
let persons: PersonRepository;
let departments: DepartmentRepository;
let vault: CprVault;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 8, applicationName: 'forebyg-scoping-test' }));
  await ds.initialize();
  f = new Factory(ds);
  tenancies = new TenancyRepository(ds);
  persons = new PersonRepository(ds);
  departments = new DepartmentRepository(ds);
  vault = new CprVault(loadConfig({ NODE_ENV: 'test' }));
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

function actor(organisationId: string, departmentIds: 'all' | string[]): Actor {
  return {
    kind: 'user',
    id: randomUUID(),
    organisationId,
    label: 'scoping-test',
    role: 'counsellor',
    permissions: new Set(),
    departmentIds,
  };
}

/** Distinct valid CPR numbers (1900s births: 7th digit 1-3), never repeated within the test file. */
let cprCounter = 0;
function nextCpr(): string {
  const n = cprCounter++;
  const dd = String(1 + (n % 28)).padStart(2, '0');
  const mm = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  const yy = String(Math.floor(n / 336) % 100).padStart(2, '0');
  return `${dd}${mm}${yy}-${1000 + (n % 3000)}`;
}

const allPages = pageRequest({ pageSize: 200 }, TENANCY_SORTS, 'tenancyNumber');
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Departments 0-2 belong to organisation 1, department 3 to organisation 2. */
const DEPTS = 4;
const scenario = fc.record({
  tenancyDepts: fc.array(fc.integer({ min: 0, max: DEPTS - 1 }), { minLength: 1, maxLength: 10 }),
  persons: fc.array(
    fc.record({
      // Indexes into the tenancies; the first decides the person's organisation, the rest must share it.
      memberships: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      hasCpr: fc.boolean(),
      // Reuse the CPR of an earlier person (normally one in the other organisation: the blind index is the same there).
      shareCprWith: fc.option(fc.nat(), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  scopes: fc.array(fc.oneof(fc.constant<'all'>('all'), fc.subarray([0, 1, 2, 3])), { minLength: 1, maxLength: 4 }),
});

it('never returns a row outside the actor’s organisation and departments (property)', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const [org1, org2] = await Promise.all([f.organisation('Scoping 1'), f.organisation('Scoping 2')]);
      const deptOrg = [org1, org1, org1, org2];
      const deptIds = await Promise.all(
        deptOrg.map((org, d) => f.department(org, `S${d}-${randomUUID().slice(0, 8)}`, d === 3 ? '147' : '101')),
      );

      const ten = await Promise.all(
        s.tenancyDepts.map(async (d) => ({ id: await f.tenancy(deptOrg[d]!, deptIds[d]!), dept: d, org: deptOrg[d]! })),
      );
      const people: { id: string; org: string; cpr: string | null; tenancyIdx: number[] }[] = [];
      for (const p of s.persons) {
        const first = p.memberships[0]! % ten.length;
        const org = ten[first]!.org;
        const idx = [...new Set(p.memberships.map((m) => m % ten.length))].filter((i) => ten[i]!.org === org);
        const shared = p.shareCprWith === undefined || people.length === 0 ? undefined : people[p.shareCprWith % people.length]!.cpr;
        const usedInOrg = new Set(people.filter((q) => q.org === org).map((q) => q.cpr));
        const cpr = !p.hasCpr ? null : shared && !usedInOrg.has(shared) ? shared : nextCpr();
        const id = await f.person(org, ten[idx[0]!]!.id, { name: 'Scoping Person', cpr: cpr ?? undefined });
        for (const i of idx.slice(1)) {
          await ds.query(`INSERT INTO household_member (tenancy_id, person_id, role) VALUES ($1, $2, 'member')`, [ten[i]!.id, id]);
        }
        people.push({ id, org, cpr, tenancyIdx: idx });
      }

      const actors = [...s.scopes.map((scope) => ({ org: org1, scope })), { org: org2, scope: 'all' as const }, { org: org2, scope: [3] }];
      const check = async (a: (typeof actors)[number]) => {
        const who = actor(a.org, a.scope === 'all' ? 'all' : a.scope.map((d) => deptIds[d]!));
        const seesDept = (d: number) => deptOrg[d] === a.org && (a.scope === 'all' || a.scope.includes(d));
        const visibleTenancies = new Set(ten.filter((t) => seesDept(t.dept)).map((t) => t.id));
        const visiblePersons = people.filter((p) => p.tenancyIdx.some((i) => visibleTenancies.has(ten[i]!.id)));
        const label = `${a.org === org1 ? 'org1' : 'org2'} scope ${JSON.stringify(a.scope)}`;

        // Lists: exactly the visible tenancies, also when filtering on a department out of scope.
        const page = await tenancies.list(who, allPages, {});
        expect({ label, ids: sorted(page.items.map((t) => t.id)) }).toEqual({ label, ids: sorted(visibleTenancies) });
        expect(page.total).toBe(visibleTenancies.size);
        const filtered = await Promise.all(deptIds.map((departmentId) => tenancies.list(who, allPages, { departmentId })));
        filtered.forEach((list, d) => {
          expect(sorted(list.items.map((t) => t.id))).toEqual(sorted(ten.filter((t) => t.dept === d && seesDept(d)).map((t) => t.id)));
        });
        const depts = await departments.listVisible(who, pageRequest({ pageSize: 200 }, DEPARTMENT_SORTS, 'code'), {});
        expect(sorted(depts.items.map((d) => d.id))).toEqual(sorted(deptIds.filter((_, d) => seesDept(d))));

        // Finds: every tenancy and person of both organisations, visible or not.
        const found = await Promise.all(ten.map((t) => tenancies.findVisible(who, t.id)));
        expect(found.map((t) => t?.id ?? null)).toEqual(ten.map((t) => (visibleTenancies.has(t.id) ? t.id : null)));
        const foundPersons = await Promise.all(people.map((p) => persons.findVisible(who, p.id)));
        expect(foundPersons.map((p) => p?.id ?? null)).toEqual(people.map((p) => (visiblePersons.includes(p) ? p.id : null)));
        for (const p of foundPersons) {
          // A visible person's household list names only tenancies the actor may open.
          for (const t of p?.tenancies ?? [])
            expect({ label, tenancy: t.id, visible: visibleTenancies.has(t.id) }).toEqual({ label, tenancy: t.id, visible: true });
        }

        // CPR search: the blind index is the same in both organisations; only the actor's visible persons come back.
        const cprs = [...new Set(people.map((p) => p.cpr).filter((c): c is string => c !== null))];
        const hits = await Promise.all(cprs.map((cpr) => persons.findVisibleByBlindIndex(who, vault.indexOf(cpr)!)));
        hits.forEach((found, i) => {
          expect(sorted(found.map((h) => h.id))).toEqual(sorted(visiblePersons.filter((p) => p.cpr === cprs[i]).map((p) => p.id)));
        });
      };
      await Promise.all(actors.map(check));

      // Department ids are checked against the organisation (API key and user department assignments).
      expect(sorted(await departments.existingIds(org1, deptIds))).toEqual(sorted(deptIds.slice(0, 3)));
      expect(await departments.existingIds(org2, deptIds.slice(0, 3))).toEqual([]);
    }),
    { numRuns: 20 },
  );
});

it('shows a person who lives in two departments only with the tenancy of the actor’s department', async () => {
  const org = await f.organisation();
  const deptA = await f.department(org, 'XA');
  const deptB = await f.department(org, 'XB');
  const tA = await f.tenancy(org, deptA, 'X-A-1');
  const tB = await f.tenancy(org, deptB, 'X-B-1');
  const person = await f.person(org, tA, { cpr: nextCpr() });
  await ds.query(`INSERT INTO household_member (tenancy_id, person_id, role) VALUES ($1, $2, 'member')`, [tB, person]);

  expect((await persons.findVisible(actor(org, [deptA]), person))?.tenancies.map((t) => t.tenancyNumber)).toEqual(['X-A-1']);
  expect((await persons.findVisible(actor(org, [deptB]), person))?.tenancies.map((t) => t.tenancyNumber)).toEqual(['X-B-1']);
  expect((await persons.findVisible(actor(org, 'all'), person))?.tenancies.map((t) => t.tenancyNumber)).toEqual(['X-A-1', 'X-B-1']);
  expect(await persons.findVisible(actor(org, []), person)).toBeNull();
});

it('sees nothing with an empty department list (a non-admin user with no departments)', async () => {
  const org = await f.organisation();
  const dept = await f.department(org, 'EMPTY');
  const t = await f.tenancy(org, dept);
  const cpr = nextCpr();
  const p = await f.person(org, t, { cpr });
  const nobody = actor(org, []);
  expect((await tenancies.list(nobody, allPages, {})).items).toEqual([]);
  expect(await tenancies.findVisible(nobody, t)).toBeNull();
  expect(await persons.findVisible(nobody, p)).toBeNull();
  expect(await persons.findVisibleByBlindIndex(nobody, vault.indexOf(cpr)!)).toEqual([]);
  expect((await departments.listVisible(nobody, pageRequest({}, DEPARTMENT_SORTS, 'code'), {})).items).toEqual([]);
});
