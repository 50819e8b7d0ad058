import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig, FieldCipher, BlindIndex, type Role } from '@forebyg/core';
import { PasswordHasher } from '@forebyg/auth';
import { parseCpr } from '@forebyg/domain';

export const TEST_PASSWORD = 'Korrekt-Hest-Batteri-42';
const hasher = new PasswordHasher();
let cachedHash: Promise<string> | null = null;
const passwordHash = () => (cachedHash ??= hasher.hash(TEST_PASSWORD));

export interface TestWorld {
  organisationId: string;
  deptA: string;
  deptB: string;
  users: Record<Role | 'counsellorB', { id: string; email: string }>;
}

/** Factories for test data, written straight to the database (the API is what the tests exercise). */
export class Factory {
  private readonly cipher: FieldCipher;
  private readonly index: BlindIndex;

  constructor(private readonly ds: DataSource, env: Record<string, string | undefined> = {}) {
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    this.cipher = new FieldCipher(config.cprKeys);
    this.index = new BlindIndex(config.blindIndexKey);
  }

  async organisation(name = 'Testforeningen'): Promise<string> {
    const [row] = await this.ds.query('INSERT INTO organisation (name) VALUES ($1) RETURNING id', [name]);
    return row.id;
  }

  async department(organisationId: string, code: string, municipalityCode = '101'): Promise<string> {
    const [row] = await this.ds.query(
      'INSERT INTO department (organisation_id, code, name, municipality_code) VALUES ($1, $2, $3, $4) RETURNING id',
      [organisationId, code, `Afdeling ${code}`, municipalityCode],
    );
    return row.id;
  }

  async user(organisationId: string, role: Role, departmentIds: string[], email = `${role}-${randomBytes(3).toString('hex')}@test.dk`) {
    const [row] = await this.ds.query(
      'INSERT INTO app_user (organisation_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [organisationId, email, `Test ${role}`, await passwordHash(), role],
    );
    for (const d of role === 'admin' ? [] : departmentIds) {
      await this.ds.query('INSERT INTO user_department (user_id, department_id) VALUES ($1, $2)', [row.id, d]);
    }
    return { id: row.id as string, email };
  }

  async tenancy(organisationId: string, departmentId: string, tenancyNumber = `T-${randomBytes(3).toString('hex')}`) {
    const [row] = await this.ds.query(
      `INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, unit, postal_code, monthly_rent_ore)
       VALUES ($1, $2, $3, 'Testvej 1', '2. tv', '2300', 650000) RETURNING id`,
      [organisationId, departmentId, tenancyNumber],
    );
    return row.id as string;
  }

  async person(organisationId: string, tenancyId: string, opts: { name?: string; cpr?: string } = {}) {
    const parsed = opts.cpr ? parseCpr(opts.cpr) : null;
    if (parsed && !parsed.ok) throw new Error('factory: invalid cpr');
    const cpr = parsed?.ok ? parsed.cpr : null;
    const [row] = await this.ds.query(
      `INSERT INTO person (organisation_id, name, cpr_encrypted, cpr_key_id, cpr_blind_index, phone)
       VALUES ($1, $2, $3, $4, $5, '+45 12 34 56 78') RETURNING id`,
      [organisationId, opts.name ?? 'Testperson Hansen', cpr ? this.cipher.encrypt(cpr) : null, cpr ? this.cipher.activeKeyId : null, cpr ? this.index.of(cpr) : null],
    );
    await this.ds.query(`INSERT INTO household_member (tenancy_id, person_id, role) VALUES ($1, $2, 'tenant')`, [tenancyId, row.id]);
    return row.id as string;
  }

  /** One organisation, departments A and B, one user per role in A, and a second counsellor in B. */
  /**
   * A bare open case on a tenancy, straight into the table (no clock or risk computed): for tests that need a
   * case to exist. Tests of the workbench itself create cases through the API.
   */
  async caseFile(organisationId: string, tenancyId: string, opts: { stage?: string; counsellorId?: string | null } = {}) {
    const [row] = await this.ds.query(
      `INSERT INTO case_file (organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage, assigned_counsellor_id)
       SELECT $1, t.department_id, t.id, 'F-' || nextval('case_number_seq'), 'manual', $3, $3, $4 FROM tenancy t WHERE t.id = $2
       RETURNING id`,
      [organisationId, tenancyId, opts.stage ?? 'arrears', opts.counsellorId ?? null],
    );
    return row.id as string;
  }

  async world(): Promise<TestWorld> {
    const organisationId = await this.organisation();
    const deptA = await this.department(organisationId, `A${randomBytes(2).toString('hex')}`, '101');
    const deptB = await this.department(organisationId, `B${randomBytes(2).toString('hex')}`, '147');
    const users = {
      admin: await this.user(organisationId, 'admin', []),
      counsellor: await this.user(organisationId, 'counsellor', [deptA]),
      caseworker: await this.user(organisationId, 'caseworker', [deptA]),
      property_manager: await this.user(organisationId, 'property_manager', [deptA]),
      counsellorB: await this.user(organisationId, 'counsellor', [deptB]),
    };
    return { organisationId, deptA, deptB, users };
  }
}
