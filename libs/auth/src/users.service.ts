import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldError, Page, pageRequest, RequestContext, Role } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { checkPassword } from '@forebyg/domain';
import { DepartmentRepository } from '@forebyg/organisation';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';
import { USER_SORTS, UserRepository, UserView } from './user.repository.js';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './users.dto.js';

/** User administration for admins: create, change role and departments, disable, reset password. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly departments: DepartmentRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  list(actor: Actor, query: UserQueryDto): Promise<Page<UserView>> {
    return this.users.list(actor.organisationId, pageRequest(query, USER_SORTS, 'name'), query.q);
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const user = await this.users.findView(actor.organisationId, id);
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto, ctx: RequestContext): Promise<UserView> {
    const problems = [
      ...passwordProblems(dto.password, { email: dto.email, name: dto.name }),
      ...(await this.departmentProblems(actor, dto.role, dto.departmentIds)),
    ];
    if (problems.length) throw DomainError.validation(problems);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.ds.transaction(async (em) => {
      const id = await this.users.insert(em, { organisationId: actor.organisationId, email: dto.email, name: dto.name, passwordHash, role: dto.role, language: dto.language });
      if (!id) throw new DomainError(ErrorCode.EmailTaken, 'A user with this e-mail already exists', { errors: [{ field: 'email', reason: 'email_taken' }] });
      await this.users.setDepartments(em, id, dto.role === 'admin' ? [] : dto.departmentIds);
      await this.audit.record({ action: 'user.created', actor, entityType: 'user', entityId: id, context: ctx, details: { role: dto.role, departments: dto.departmentIds.length } }, em);
      return (await this.users.findView(actor.organisationId, id, em))!;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto, ctx: RequestContext): Promise<UserView> {
    const current = await this.get(actor, id);
    const role = dto.role ?? current.role;
    const departmentIds = dto.departmentIds ?? current.departmentIds;
    const problems = await this.departmentProblems(actor, role, departmentIds, dto.departmentIds !== undefined || dto.role !== undefined);
    if (problems.length) throw DomainError.validation(problems);
    if (id === actor.id && (dto.disabled === true || (dto.role && dto.role !== 'admin'))) {
      throw DomainError.validation([{ field: dto.disabled ? 'disabled' : 'role', reason: 'cannot_demote_self', message: 'You cannot disable yourself or remove your own admin role' }]);
    }
    return this.ds.transaction(async (em) => {
      await this.users.update(em, id, { name: dto.name, role: dto.role, disabled: dto.disabled, language: dto.language });
      if (dto.departmentIds !== undefined || dto.role !== undefined) {
        await this.users.setDepartments(em, id, role === 'admin' ? [] : departmentIds);
      }
      // Disabling, or any change of what the user may see, ends their sessions, so nobody keeps a screen
      // opened under rights they no longer have.
      if (dto.disabled === true || dto.role !== undefined || dto.departmentIds !== undefined) {
        await this.sessions.revokeAllForUser(id, dto.disabled ? 'user_disabled' : 'rights_changed', em);
      }
      const action = dto.disabled === true && !current.disabled ? 'user.disabled' : dto.disabled === false && current.disabled ? 'user.enabled' : 'user.updated';
      await this.audit.record({ action, actor, entityType: 'user', entityId: id, context: ctx, details: { fields: Object.keys(dto) } }, em);
      return (await this.users.findView(actor.organisationId, id, em))!;
    });
  }

  async resetPassword(actor: Actor, id: string, password: string, ctx: RequestContext): Promise<void> {
    const user = await this.get(actor, id);
    const problems = passwordProblems(password, { email: user.email, name: user.name });
    if (problems.length) throw DomainError.validation(problems);
    const hash = await this.hasher.hash(password);
    await this.ds.transaction(async (em) => {
      await this.users.setPassword(em, id, hash);
      await this.sessions.revokeAllForUser(id, 'password_reset', em);
      await this.audit.record({ action: 'user.password_reset', actor, entityType: 'user', entityId: id, context: ctx }, em);
    });
  }

  async updateOwnLanguage(actor: Actor, language: 'da' | 'en'): Promise<UserView> {
    return this.ds.transaction(async (em: EntityManager) => {
      await this.users.update(em, actor.id, { language });
      return (await this.users.findView(actor.organisationId, actor.id, em))!;
    });
  }

  private async departmentProblems(actor: Actor, role: Role, ids: readonly string[], check = true): Promise<FieldError[]> {
    if (!check) return [];
    if (role !== 'admin' && ids.length === 0) {
      return [{ field: 'departmentIds', reason: 'required_for_role', message: 'A non-admin user needs at least one department' }];
    }
    const existing = new Set(await this.departments.existingIds(actor.organisationId, ids));
    const unknown = ids.filter((d) => !existing.has(d));
    return unknown.length ? [{ field: 'departmentIds', reason: 'unknown_department', message: `Unknown departments: ${unknown.join(', ')}` }] : [];
  }
}

export function passwordProblems(password: string, context: { email?: string; name?: string }): FieldError[] {
  const result = checkPassword(password, context);
  return result.ok ? [] : result.reasons.map((reason) => ({ field: 'password', reason }));
}
