import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, permissionsOfRole, RequestContext, Role } from '@forebyg/core';
import { ApiKeysService, PasswordHasher, UserRepository } from '@forebyg/auth';
import { CaseIntakeService, CasePartsService, CaseRefresher, CasesService } from '@forebyg/cases';
import { addCalendarDays, todayInCopenhagen } from '@forebyg/domain';
import { PartnersService } from '@forebyg/referrals';
import { CprVault, PersonRepository } from '@forebyg/tenancies';
import { DEMO_CASE_TENANCIES, DEMO_CASES, type DemoCase } from './demo-cases.js';
import { DEMO_DEPARTMENTS, DEMO_ORGANISATION, DEMO_PARTNERS, DEMO_PASSWORD, DEMO_TENANCIES, DEMO_USERS } from './demo-data.js';

const SEED_CONTEXT: RequestContext = { ip: null, requestId: 'demo-seed', userAgent: 'forebyg demo:load' };

export interface DemoCredentials {
  url?: string;
  password: string;
  users: { email: string; role: string }[];
  apiKey: string;
  apiKeyScopes: string[];
}

/** Loads the demo organisation into an EMPTY database (no organisation yet); otherwise does nothing. */
@Injectable()
export class DemoSeeder {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly apiKeys: ApiKeysService,
    private readonly persons: PersonRepository,
    private readonly vault: CprVault,
    private readonly intake: CaseIntakeService,
    private readonly cases: CasesService,
    private readonly parts: CasePartsService,
    private readonly refresher: CaseRefresher,
    private readonly partners: PartnersService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [row] = await this.ds.query('SELECT count(*)::int AS n FROM organisation');
    return row.n === 0;
  }

  async seed(): Promise<DemoCredentials | null> {
    if (!(await this.isEmpty())) return null;
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const { organisationId, departmentIds } = await this.ds.transaction(async (em) => {
      const [org] = await em.query('INSERT INTO organisation (name) VALUES ($1) RETURNING id', [DEMO_ORGANISATION]);
      const departmentIds = new Map<string, string>();
      for (const d of DEMO_DEPARTMENTS) {
        const [row] = await em.query(
          'INSERT INTO department (organisation_id, code, name, municipality_code) VALUES ($1, $2, $3, $4) RETURNING id',
          [org.id, d.code, d.name, d.municipalityCode],
        );
        departmentIds.set(d.code, row.id);
      }
      for (const u of DEMO_USERS) {
        const id = await this.users.insert(em, { organisationId: org.id, email: u.email, name: u.name, passwordHash, role: u.role });
        await this.users.setDepartments(em, id, u.departments.map((c) => departmentIds.get(c)!));
      }
      for (const t of [...DEMO_TENANCIES, ...DEMO_CASE_TENANCIES]) {
        const [ten] = await em.query(
          `INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, unit, postal_code, monthly_rent_ore)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [org.id, departmentIds.get(t.dept), t.number, t.address, t.unit, t.postal, t.rent],
        );
        for (const p of t.tenants) {
          const personId = await this.persons.insert(em, { organisationId: org.id, name: p.name, cpr: this.vault.protect(p.cpr) });
          await this.persons.addToHousehold(em, ten.id, personId, 'tenant');
        }
      }
      return { organisationId: org.id as string, departmentIds };
    });
    await this.seedPartners(organisationId, departmentIds);
    await this.seedCases(organisationId, departmentIds);
    const apiKeyScopes = ['arrears:write', 'departments:read'];
    const key = await this.apiKeys.create(organisationId, null, { name: 'Demo ledger system', departmentIds: [...departmentIds.values()], scopes: apiKeyScopes }, null);
    return { password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })), apiKey: key.secret, apiKeyScopes };
  }

  /** The partners, created through the registry's service as the demo admin (their secrets are not shown: rotate to get one). */
  private async seedPartners(organisationId: string, departmentIds: Map<string, string>): Promise<void> {
    const [admin] = await this.ds.query(`SELECT id, email FROM app_user WHERE organisation_id = $1 AND role = 'admin' LIMIT 1`, [organisationId]);
    const actor: Actor = { kind: 'user', id: admin.id, organisationId, label: admin.email, role: 'admin', permissions: permissionsOfRole('admin'), departmentIds: 'all' };
    for (const p of DEMO_PARTNERS) {
      const { departments, ...fields } = p;
      await this.partners.create(actor, { ...fields, channel: 'email', departmentIds: departments?.map((c) => departmentIds.get(c)!) }, SEED_CONTEXT);
    }
  }

  /** The demo caseload, created through the same services the api uses, as the staff who would have done it. */
  private async seedCases(organisationId: string, departmentIds: Map<string, string>): Promise<void> {
    const staff: { id: string; role: Role; email: string }[] = await this.ds.query(
      'SELECT id, role, email FROM app_user WHERE organisation_id = $1',
      [organisationId],
    );
    const actorOf = (role: Role): Actor => {
      const u = staff.find((s) => s.role === role)!;
      const demo = DEMO_USERS.find((d) => d.email === u.email)!;
      return {
        kind: 'user',
        id: u.id,
        organisationId,
        label: u.email,
        role,
        permissions: permissionsOfRole(role),
        departmentIds: role === 'admin' ? 'all' : demo.departments.map((c) => departmentIds.get(c)!),
      };
    };
    const today = todayInCopenhagen();
    const day = (offset: number) => addCalendarDays(today, offset);
    const tenancies: { id: string; number: string; rent: number }[] = await this.ds.query(
      'SELECT id, tenancy_number AS number, monthly_rent_ore::float8 AS rent FROM tenancy WHERE organisation_id = $1',
      [organisationId],
    );
    for (const spec of DEMO_CASES) {
      const actor = actorOf(spec.assign === 'none' ? 'admin' : spec.assign);
      const tenancy = tenancies.find((t) => t.number === spec.tenancy)!;
      const dates = Object.fromEntries(Object.entries(spec.dates).map(([k, v]) => [k, day(v)]));
      let c = await this.intake.intake(
        actor,
        { tenancyId: tenancy.id, stage: spec.stage, arrearsOre: Math.round(spec.arrearsMonths * tenancy.rent), childrenInHousehold: spec.children ?? 0, dates },
        SEED_CONTEXT,
      );
      // The case began a few days after the first unpaid rent, not today.
      const openedDaysAgo = Math.max(1, -(spec.dates.oldestDueDate ?? -1) - 3);
      await this.ds.query(`UPDATE case_file SET opened_at = now() - make_interval(days => $2) WHERE id = $1`, [c.id, openedDaysAgo]);
      await this.seedParts(actor, c.id, spec, day);
      if (spec.closed) {
        c = await this.cases.get(actor, c.id, SEED_CONTEXT);
        await this.cases.close(actor, c.id, { version: c.version, outcome: spec.closed }, SEED_CONTEXT);
      }
      await this.ds.transaction((em) => this.refresher.refresh(em, c.id));
    }
  }

  private async seedParts(actor: Actor, caseId: string, spec: DemoCase, day: (offset: number) => string): Promise<void> {
    for (const contact of spec.contacts ?? []) {
      const at = new Date(Date.now() - contact.daysAgo * 86_400_000).toISOString();
      await this.parts.logContact(actor, caseId, { channel: contact.channel, reached: contact.reached, at, summary: contact.summary }, SEED_CONTEXT);
    }
    for (const task of spec.tasks ?? []) {
      await this.parts.addTask(actor, caseId, { title: task.title, dueDate: day(task.dueIn) }, SEED_CONTEXT);
    }
    for (const line of spec.budget ?? []) {
      await this.parts.addBudgetLine(actor, caseId, { kind: line.kind, label: line.label, amountOre: line.kroner * 100, frequency: line.frequency }, SEED_CONTEXT);
    }
    for (const debt of spec.debts ?? []) {
      await this.parts.addDebt(actor, caseId, { creditor: debt.creditor, creditorKind: debt.kind, amountOre: debt.kroner * 100 }, SEED_CONTEXT);
    }
    if (spec.application) {
      await this.parts.addApplication(actor, caseId, { kind: spec.application.kind, status: spec.application.status, submittedDate: day(-5) }, SEED_CONTEXT);
    }
    if (spec.note && actor.permissions.has('case-notes:write')) {
      await this.parts.addNote(actor, caseId, { body: spec.note }, SEED_CONTEXT);
    }
    const a = spec.agreement;
    if (a) {
      const instalments = Array.from({ length: a.instalments }, (_, i) => ({ dueDate: day(a.firstDueIn + 30 * i), amountOre: a.kroner * 100 }));
      let c = await this.parts.addAgreement(actor, caseId, { agreedDate: day(a.firstDueIn - 7), instalments }, SEED_CONTEXT);
      const statuses = [...Array(a.paid).fill('paid'), ...Array(a.missed).fill('missed')] as ('paid' | 'missed')[];
      for (const [i, status] of statuses.entries()) {
        const inst = c.agreement!.instalments[i];
        c = await this.parts.updateInstalment(actor, caseId, inst.id, { version: inst.version, status, paidDate: status === 'paid' ? inst.dueDate : undefined }, SEED_CONTEXT);
      }
      if (a.broken) {
        await this.parts.updateAgreement(actor, caseId, c.agreement!.id, { version: c.agreement!.version, status: 'broken' }, SEED_CONTEXT);
      }
    }
  }
}
