import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError, Page, pageRequest, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { formatCpr } from '@forebyg/domain';
import { CprVault } from './cpr-vault.js';
import { PersonRepository, PersonRow } from './person.repository.js';
import { TENANCY_SORTS, TenancyRepository, TenancySummary } from './tenancy.repository.js';
import { TenancyQueryDto } from './tenancies.dto.js';

export interface PersonView {
  id: string;
  name: string;
  cprMasked: string | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: string;
  tenancies: PersonRow['tenancies'];
}

/**
 * Reads of personal data. Each read writes an audit row in the same transaction as the read, so there
 * is no read without its trace. CPR numbers leave only masked, except through the audited reveal.
 */
@Injectable()
export class PersonsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly persons: PersonRepository,
    private readonly tenancies: TenancyRepository,
    private readonly vault: CprVault,
    private readonly audit: AuditService,
  ) {}

  listTenancies(actor: Actor, query: TenancyQueryDto): Promise<Page<TenancySummary>> {
    return this.tenancies.list(actor, pageRequest(query, TENANCY_SORTS, 'tenancyNumber'), query);
  }

  async getTenancy(actor: Actor, id: string, ctx: RequestContext) {
    return this.ds.transaction(async (em) => {
      const tenancy = await this.tenancies.findVisible(actor, id, em);
      if (!tenancy) throw DomainError.notFound('Tenancy');
      const members = await this.tenancies.household(id, em);
      for (const m of members) {
        await this.audit.record({ action: 'tenancy.read', actor, personId: m.personId, entityType: 'tenancy', entityId: id, context: ctx }, em);
      }
      return {
        ...tenancy,
        household: members.map((m) => ({
          personId: m.personId,
          name: m.name,
          role: m.role,
          cprMasked: this.vault.mask(m.cprEncrypted),
          phone: m.phone,
          email: m.email,
        })),
      };
    });
  }

  async getPerson(actor: Actor, id: string, ctx: RequestContext, purpose?: string): Promise<PersonView> {
    return this.ds.transaction(async (em) => {
      const person = await this.persons.findVisible(actor, id, em);
      if (!person) throw DomainError.notFound('Person');
      await this.audit.record({ action: 'person.read', actor, personId: id, entityType: 'person', entityId: id, purpose, context: ctx }, em);
      return this.view(person);
    });
  }

  /** The full CPR, for a stated purpose; the reveal is audited with that purpose. */
  async revealCpr(actor: Actor, id: string, purpose: string, ctx: RequestContext): Promise<{ cpr: string | null }> {
    return this.ds.transaction(async (em) => {
      const person = await this.persons.findVisible(actor, id, em);
      if (!person) throw DomainError.notFound('Person');
      await this.audit.record({ action: 'person.cpr_revealed', actor, personId: id, entityType: 'person', entityId: id, purpose, context: ctx }, em);
      return { cpr: person.cprEncrypted ? formatCpr(this.vault.reveal(person.cprEncrypted)) : null };
    });
  }

  /** Exact CPR search through the blind index; the CPR travels in a POST body, never in a URL. */
  async searchByCpr(actor: Actor, cpr: string, ctx: RequestContext): Promise<{ items: PersonView[] }> {
    const index = this.vault.indexOf(cpr);
    if (!index) throw DomainError.validation([{ field: 'cpr', reason: 'invalid_cpr' }]);
    return this.ds.transaction(async (em) => {
      const found = await this.persons.findVisibleByBlindIndex(actor, index, em);
      await this.audit.record(
        { action: 'person.searched_by_cpr', actor, personId: found[0]?.id ?? null, context: ctx, details: { matches: found.length } },
        em,
      );
      return { items: found.map((p) => this.view(p)) };
    });
  }

  private view(p: PersonRow): PersonView {
    return {
      id: p.id,
      name: p.name,
      cprMasked: this.vault.mask(p.cprEncrypted),
      phone: p.phone,
      email: p.email,
      preferredLanguage: p.preferredLanguage,
      tenancies: p.tenancies,
    };
  }
}
