import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { API_KEY_SCOPES, DomainError, ROLES, Role } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { ApiKeysService, PasswordHasher, passwordProblems, SessionService, UserRepository } from '@forebyg/auth';
import { StartupError } from './database-url.js';

/** Operator commands for a fresh install where nobody can log in yet. Each is audited as actor `system`/`cli`. */
export class OperatorCommands {
  private readonly ds: DataSource;

  constructor(private readonly app: INestApplicationContext) {
    this.ds = app.get<DataSource>(getDataSourceToken());
  }

  private audit(action: Parameters<AuditService['record']>[0]['action'], organisationId: string, entityType: string, entityId: string) {
    return { action, actorType: 'system' as const, actorLabel: 'cli', organisationId, entityType, entityId };
  }

  async organisationId(): Promise<string> {
    const rows = await this.ds.query('SELECT id FROM organisation ORDER BY created_at');
    if (rows.length === 0) throw new StartupError('No organisation exists yet: run `org:create --name "..."` first.');
    if (rows.length > 1) throw new StartupError('More than one organisation exists; this command supports a single-organisation install.');
    return rows[0].id;
  }

  async createOrganisation(name: string): Promise<string> {
    const [row] = await this.ds.query('INSERT INTO organisation (name) VALUES ($1) RETURNING id', [name]);
    return row.id;
  }

  async createDepartment(code: string, name: string, municipalityCode: string): Promise<string> {
    const org = await this.organisationId();
    const [m] = await this.ds.query('SELECT code FROM municipality WHERE code = $1', [municipalityCode]);
    if (!m) throw new StartupError(`Unknown municipality code ${municipalityCode} (use the official 3-digit code, e.g. 101 for København).`);
    const [row] = await this.ds.query(
      `INSERT INTO department (organisation_id, code, name, municipality_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organisation_id, code) DO NOTHING RETURNING id`,
      [org, code, name, municipalityCode],
    );
    if (!row) throw new StartupError(`Department ${code} already exists.`);
    return row.id;
  }

  private async departmentIds(org: string, codes: string): Promise<string[]> {
    if (codes === 'all') return (await this.ds.query('SELECT id FROM department WHERE organisation_id = $1', [org])).map((r: { id: string }) => r.id);
    const list = codes.split(',').map((c) => c.trim()).filter(Boolean);
    const rows = await this.ds.query('SELECT id, code FROM department WHERE organisation_id = $1 AND code = ANY($2)', [org, list]);
    const missing = list.filter((c) => !rows.some((r: { code: string }) => r.code === c));
    if (missing.length) throw new StartupError(`Unknown department code(s): ${missing.join(', ')}`);
    return rows.map((r: { id: string }) => r.id);
  }

  async createUser(opts: { email: string; name: string; role: string; departments?: string; password?: string }): Promise<{ id: string; password: string; generated: boolean }> {
    if (!(ROLES as readonly string[]).includes(opts.role)) throw new StartupError(`Role must be one of ${ROLES.join(', ')}`);
    const role = opts.role as Role;
    const org = await this.organisationId();
    const departments = role === 'admin' ? [] : await this.departmentIds(org, opts.departments ?? '');
    if (role !== 'admin' && departments.length === 0) throw new StartupError('A non-admin user needs --departments (codes, comma-separated, or "all").');
    const generated = !opts.password;
    const password = opts.password ?? `${randomBytes(12).toString('base64url')}-Fb`;
    const problems = passwordProblems(password, { email: opts.email, name: opts.name });
    if (problems.length) throw new StartupError(`Password rejected: ${problems.map((p) => p.reason).join(', ')}`);
    const hash = await this.app.get(PasswordHasher).hash(password);
    const users = this.app.get(UserRepository);
    const id = await this.ds.transaction(async (em) => {
      const id = await users.insert(em, { organisationId: org, email: opts.email, name: opts.name, passwordHash: hash, role });
      if (!id) throw new StartupError(`A user with e-mail ${opts.email} already exists.`);
      await users.setDepartments(em, id, departments);
      await this.app.get(AuditService).record({ ...this.audit('user.created', org, 'user', id), details: { role } }, em);
      return id;
    });
    return { id, password, generated };
  }

  async resetPassword(email: string, password?: string): Promise<{ password: string; generated: boolean }> {
    const creds = await this.app.get(UserRepository).credentialsByEmail(email);
    if (!creds) throw new StartupError(`No user with e-mail ${email}`);
    const generated = !password;
    const pw = password ?? `${randomBytes(12).toString('base64url')}-Fb`;
    const problems = passwordProblems(pw, { email });
    if (problems.length) throw new StartupError(`Password rejected: ${problems.map((p) => p.reason).join(', ')}`);
    const hash = await this.app.get(PasswordHasher).hash(pw);
    await this.ds.transaction(async (em) => {
      await this.app.get(UserRepository).setPassword(em, creds.id, hash);
      await this.app.get(SessionService).revokeAllForUser(creds.id, 'password_reset', em);
      await this.app.get(AuditService).record(this.audit('user.password_reset', creds.organisationId, 'user', creds.id), em);
    });
    return { password: pw, generated };
  }

  async createApiKey(name: string, departments: string, scopes: string): Promise<{ id: string; secret: string }> {
    const org = await this.organisationId();
    const scopeList = scopes.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = scopeList.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
    if (bad.length || scopeList.length === 0) throw new StartupError(`Scopes must be among ${API_KEY_SCOPES.join(', ')}`);
    try {
      const res = await this.app.get(ApiKeysService).create(org, null, { name, departmentIds: await this.departmentIds(org, departments), scopes: scopeList }, null);
      return { id: res.apiKey.id, secret: res.secret };
    } catch (err) {
      if (err instanceof DomainError) throw new StartupError(`${err.message}: ${JSON.stringify(err.details.errors ?? [])}`);
      throw err;
    }
  }

  async revokeApiKey(id: string): Promise<void> {
    const org = await this.organisationId();
    try {
      await this.app.get(ApiKeysService).revoke(org, null, id, null);
    } catch (err) {
      if (err instanceof DomainError) throw new StartupError(err.message);
      throw err;
    }
  }
}
