import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ErrorCode, Page, pageRequest, PageQueryDto, Permission, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { DepartmentRepository } from '@forebyg/organisation';
import { API_KEY_SORTS, ApiKeyRepository, ApiKeyView, toApiKeyView } from './api-key.repository.js';
import { apiKeyPrefixOf, newApiKeyToken, safeEqualHex, sha256 } from './tokens.js';

/** API keys for machine clients (ledger systems): shown once, stored hashed, bound to departments and scopes. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly departments: DepartmentRepository,
    private readonly audit: AuditService,
  ) {}

  list(actor: Actor, query: PageQueryDto): Promise<Page<ApiKeyView>> {
    return this.keys.list(actor.organisationId, pageRequest(query, API_KEY_SORTS, '-createdAt'));
  }

  /** Creates a key for `organisationId`; `actor` is null when an operator uses the CLI. */
  async create(
    organisationId: string,
    actor: Actor | null,
    input: { name: string; departmentIds: string[]; scopes: string[] },
    ctx: RequestContext | null,
  ): Promise<{ apiKey: ApiKeyView; secret: string }> {
    const existing = new Set(await this.departments.existingIds(organisationId, input.departmentIds));
    const unknown = input.departmentIds.filter((d) => !existing.has(d));
    if (unknown.length) throw DomainError.validation([{ field: 'departmentIds', reason: 'unknown_department' }]);
    if (input.departmentIds.length === 0) throw DomainError.validation([{ field: 'departmentIds', reason: 'required' }]);
    const { token, prefix } = newApiKeyToken();
    return this.ds.transaction(async (em) => {
      const id = await this.keys.insert(em, {
        organisationId,
        name: input.name,
        prefix,
        secretHash: sha256(token),
        scopes: [...new Set(input.scopes)],
        createdBy: actor?.kind === 'user' ? actor.id : null,
        departmentIds: [...new Set(input.departmentIds)],
      });
      await this.audit.record(
        { action: 'api_key.created', actor, actorType: 'system', actorLabel: 'cli', organisationId, entityType: 'api_client', entityId: id, context: ctx, details: { scopes: input.scopes } },
        em,
      );
      return { apiKey: toApiKeyView((await this.keys.find(organisationId, id, em))!), secret: token };
    });
  }

  async revoke(organisationId: string, actor: Actor | null, id: string, ctx: RequestContext | null): Promise<ApiKeyView> {
    return this.ds.transaction(async (em) => {
      const key = await this.keys.find(organisationId, id, em);
      if (!key) throw DomainError.notFound('API key');
      await this.keys.revoke(em, id);
      await this.audit.record(
        { action: 'api_key.revoked', actor, actorType: 'system', actorLabel: 'cli', organisationId, entityType: 'api_client', entityId: id, context: ctx },
        em,
      );
      return toApiKeyView((await this.keys.find(organisationId, id, em))!);
    });
  }

  /** Resolves a bearer token to an Actor or throws 401. */
  async authenticate(token: string, ctx: RequestContext): Promise<Actor> {
    const prefix = apiKeyPrefixOf(token);
    const key = prefix ? await this.keys.byPrefix(prefix) : null;
    if (!key || key.revokedAt || !safeEqualHex(key.secretHash, sha256(token))) {
      await this.audit.record({
        action: 'api_key.rejected',
        outcome: 'denied',
        actorType: key ? 'api_client' : 'anonymous',
        actorId: key?.id ?? null,
        organisationId: key?.organisationId ?? null,
        context: ctx,
        details: { reason: !key ? 'unknown' : key.revokedAt ? 'revoked' : 'mismatch' },
      });
      throw new DomainError(ErrorCode.Unauthenticated, 'Invalid or revoked API key');
    }
    await this.keys.touch(key.id);
    return {
      kind: 'api_client',
      id: key.id,
      organisationId: key.organisationId,
      label: key.name,
      role: null,
      permissions: new Set(key.scopes as Permission[]),
      departmentIds: key.departmentIds,
    };
  }
}
