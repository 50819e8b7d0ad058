import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeysService, PasswordHasher, UserRepository } from '@forebyg/auth';
import { CprVault, PersonRepository } from '@forebyg/tenancies';
import { DEMO_DEPARTMENTS, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_TENANCIES, DEMO_USERS } from './demo-data.js';

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
      for (const t of DEMO_TENANCIES) {
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
    const apiKeyScopes = ['arrears:write', 'departments:read'];
    const key = await this.apiKeys.create(organisationId, null, { name: 'Demo ledger system', departmentIds: [...departmentIds.values()], scopes: apiKeyScopes }, null);
    return { password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })), apiKey: key.secret, apiKeyScopes };
  }
}
