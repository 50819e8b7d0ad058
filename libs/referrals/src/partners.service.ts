import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldError, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { generateWebhookSecret } from '@forebyg/domain';
import { PartnerSecrets, PREVIOUS_SECRET_HOURS } from './partner-secrets.js';
import {
  loadPartnerView,
  PARTNER_VIEW_SELECT,
  partnerView,
  revisionData,
  type PartnerDetail,
  type PartnerRow,
  type PartnerView,
} from './partner-views.js';
import type { CreatePartnerDto, PartnerFieldsDto, PartnerQueryDto, UpdatePartnerDto } from './partners.dto.js';

/** Every stored field of a partner an admin sets, after defaults (create) or the current values (update) are applied: the view without its derived and bookkeeping fields, departments by id. */
type PartnerState = Omit<PartnerView, 'id' | 'municipalityName' | 'departments' | 'previousSecretValidUntil' | 'createdAt' | 'updatedAt' | 'updatedBy' | 'version'> & {
  departmentIds: string[];
};

/** The columns written from a PartnerState, in order ($2.. after the id or organisation). */
const COLUMNS: [keyof PartnerState, string][] = [
  ['name', 'name'],
  ['description', 'description'],
  ['municipalityCode', 'municipality_code'],
  ['areas', 'areas'],
  ['services', 'services'],
  ['languages', 'languages'],
  ['contactKind', 'contact_kind'],
  ['contactName', 'contact_name'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['openingHours', 'opening_hours'],
  ['channel', 'channel'],
  ['webhookUrl', 'webhook_url'],
  ['requiresConsent', 'requires_consent'],
  ['capacity', 'capacity'],
  ['waitingDays', 'waiting_days'],
  ['accredited', 'accredited'],
  ['answerDays', 'answer_days'],
  ['active', 'active'],
];

/** A field given as null or absent keeps `fallback` (for fields that cannot be cleared). */
const keep = <T>(value: T | null | undefined, fallback: T): T => (value === undefined || value === null ? fallback : value);
/** A field given (even as null) replaces; absent keeps `fallback`. */
const replace = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
const trimmed = (s: string | null | undefined): string | null | undefined => (typeof s === 'string' ? s.trim() || null : s);

function merge(base: PartnerState, dto: PartnerFieldsDto): PartnerState {
  return {
    kind: base.kind,
    name: keep(trimmed(dto.name), base.name),
    description: replace(trimmed(dto.description), base.description),
    municipalityCode: replace(dto.municipalityCode, base.municipalityCode),
    areas: keep(dto.areas, base.areas),
    services: keep(dto.services, base.services),
    languages: keep(dto.languages, base.languages),
    contactKind: replace(dto.contactKind, base.contactKind),
    contactName: replace(trimmed(dto.contactName), base.contactName),
    phone: replace(trimmed(dto.phone), base.phone),
    email: replace(trimmed(dto.email), base.email),
    openingHours: replace(trimmed(dto.openingHours), base.openingHours),
    channel: keep(dto.channel, base.channel),
    webhookUrl: replace(trimmed(dto.webhookUrl), base.webhookUrl),
    requiresConsent: keep(dto.requiresConsent, base.requiresConsent),
    capacity: replace(dto.capacity, base.capacity),
    waitingDays: replace(dto.waitingDays, base.waitingDays),
    accredited: keep(dto.accredited, base.accredited),
    answerDays: keep(dto.answerDays, base.answerDays),
    active: keep(dto.active, base.active),
    departmentIds: keep(dto.departmentIds, base.departmentIds),
  };
}

function stateOf(view: PartnerView): PartnerState {
  const { kind, name, description, municipalityCode, areas, services, languages, contactKind, contactName, phone, email, openingHours } = view;
  const { channel, webhookUrl, requiresConsent, capacity, waitingDays, accredited, answerDays, active } = view;
  return {
    ...{ kind, name, description, municipalityCode, areas, services, languages, contactKind, contactName, phone, email, openingHours },
    ...{ channel, webhookUrl, requiresConsent, capacity, waitingDays, accredited, answerDays, active },
    departmentIds: view.departments.map((d) => d.id),
  };
}

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
};

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000') : a === b;

/**
 * The partner registry of an organisation: the association's own debt counselling, municipal contact points,
 * volunteer and other organisations. Every change bumps the version and keeps a revision; secrets are made here,
 * shown once and stored encrypted.
 */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: PartnerSecrets,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PartnerQueryDto): Promise<{ items: PartnerView[] }> {
    const params: unknown[] = [actor.organisationId];
    const where = ['p.organisation_id = $1'];
    if (query.kind) where.push(`p.kind = $${params.push(query.kind)}`);
    if (query.active) where.push(`p.active = $${params.push(query.active === 'true')}`);
    const rows = await this.ds.query(`${PARTNER_VIEW_SELECT} WHERE ${where.join(' AND ')} ORDER BY p.kind, p.name, p.id`, params);
    return { items: rows.map(partnerView) };
  }

  async get(actor: Actor, id: string, em: EntityManager = this.ds.manager): Promise<PartnerDetail> {
    const view = await loadPartnerView(em, actor.organisationId, id);
    if (!view) throw DomainError.notFound('Partner');
    const revisions = await em.query(
      `SELECT r.version, r.changed_at AS "changedAt", u.name AS "changedBy", r.data
         FROM partner_revision r LEFT JOIN app_user u ON u.id = r.changed_by WHERE r.partner_id = $1 ORDER BY r.version DESC`,
      [id],
    );
    return {
      ...view,
      revisions: revisions.map((r: { version: number; changedAt: Date; changedBy: string | null; data: Record<string, unknown> }) => ({
        version: r.version,
        changedAt: new Date(r.changedAt).toISOString(),
        changedBy: r.changedBy,
        data: r.data,
      })),
    };
  }

  /** Creates a partner; its signing secret is in the answer this once. */
  async create(actor: Actor, dto: CreatePartnerDto, ctx: RequestContext): Promise<{ partner: PartnerDetail; secret: string }> {
    const required: FieldError[] = [];
    if (!dto.name?.trim()) required.push({ field: 'name', reason: 'required', message: 'A partner needs a name' });
    if (!dto.channel) required.push({ field: 'channel', reason: 'required', message: 'Choose how referrals reach the partner: email or webhook' });
    if (required.length) throw DomainError.validation(required);
    const defaults: PartnerState = {
      kind: dto.kind,
      name: '',
      description: null,
      municipalityCode: null,
      areas: [],
      services: [],
      languages: ['da'],
      contactKind: null,
      contactName: null,
      phone: null,
      email: null,
      openingHours: null,
      channel: dto.channel!,
      webhookUrl: null,
      requiresConsent: dto.kind !== 'own_counselling',
      capacity: null,
      waitingDays: null,
      accredited: false,
      answerDays: 5,
      active: true,
      departmentIds: [],
    };
    const state = merge(defaults, dto);
    const secret = generateWebhookSecret();
    return this.inTransaction(async (em) => {
      await this.validate(em, actor, state);
      await this.assertSingleMunicipalContact(em, actor, state, null);
      const values = COLUMNS.map(([field]) => state[field]);
      const [row] = await em.query(
        `INSERT INTO partner (organisation_id, kind, ${COLUMNS.map(([, c]) => c).join(', ')}, secret_encrypted, updated_by)
         VALUES ($1, $2, ${COLUMNS.map((_, i) => `$${i + 3}`).join(', ')}, $${COLUMNS.length + 3}, $${COLUMNS.length + 4}) RETURNING id`,
        [actor.organisationId, state.kind, ...values, this.secrets.encrypt(secret), userId(actor)],
      );
      await this.writeDepartments(em, row.id, state.departmentIds);
      await this.revise(em, actor, row.id);
      await this.audit.record(
        { action: 'partner.created', actor, entityType: 'partner', entityId: row.id, context: ctx, details: { kind: state.kind, channel: state.channel, version: 1 } },
        em,
      );
      return { partner: await this.get(actor, row.id, em), secret };
    });
  }

  /** Replaces the fields given; absent ones keep their value. A stale `version` is a 409 with the partner as it is. */
  async update(actor: Actor, id: string, dto: UpdatePartnerDto, ctx: RequestContext): Promise<PartnerDetail> {
    return this.inTransaction(async (em) => {
      const current = await this.lock(em, actor, id, dto.version);
      if (typeof dto.name === 'string' && !dto.name.trim()) throw DomainError.validation([{ field: 'name', reason: 'required', message: 'A partner needs a name' }]);
      if (dto.kind !== undefined && dto.kind !== current.kind) {
        throw DomainError.validation([{ field: 'kind', reason: 'immutable', message: 'A partner keeps its kind; create a new partner instead' }]);
      }
      const before = stateOf(current);
      const state = merge(before, dto);
      const changed = (Object.keys(state) as (keyof PartnerState)[]).filter((k) => !sameValue(state[k], before[k]));
      if (changed.length === 0) return this.get(actor, id, em);
      await this.validate(em, actor, state);
      await this.assertSingleMunicipalContact(em, actor, state, id);
      const values = COLUMNS.map(([field]) => state[field]);
      await em.query(
        `UPDATE partner SET ${COLUMNS.map(([, c], i) => `${c} = $${i + 2}`).join(', ')},
                updated_by = $${COLUMNS.length + 2}, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [id, ...values, userId(actor)],
      );
      if (changed.includes('departmentIds')) await this.writeDepartments(em, id, state.departmentIds);
      const partner = await this.revise(em, actor, id);
      await this.audit.record(
        { action: 'partner.changed', actor, entityType: 'partner', entityId: id, context: ctx, details: { kind: state.kind, version: partner.version, changed } },
        em,
      );
      return this.get(actor, id, em);
    });
  }

  /** A new signing secret, shown this once; the previous one stays valid for {@link PREVIOUS_SECRET_HOURS} hours. */
  async rotateSecret(actor: Actor, id: string, version: number, ctx: RequestContext): Promise<{ partner: PartnerDetail; secret: string }> {
    const secret = generateWebhookSecret();
    return this.inTransaction(async (em) => {
      await this.lock(em, actor, id, version);
      await em.query(
        `UPDATE partner SET previous_secret_encrypted = secret_encrypted, previous_secret_until = now() + make_interval(hours => $4),
                secret_encrypted = $2, updated_by = $3, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [id, this.secrets.encrypt(secret), userId(actor), PREVIOUS_SECRET_HOURS],
      );
      const partner = await this.revise(em, actor, id);
      await this.audit.record(
        { action: 'partner.secret_rotated', actor, entityType: 'partner', entityId: id, context: ctx, details: { version: partner.version } },
        em,
      );
      return { partner: await this.get(actor, id, em), secret };
    });
  }

  // ---- for referrals, delivery and callbacks (the lead's services) ----

  /** The partner as stored, secrets encrypted (see PartnerSecrets.secretsOf); organisationId null: no scoping (system work). */
  async findRow(organisationId: string | null, id: string, em: EntityManager = this.ds.manager): Promise<PartnerRow | null> {
    const rows = await em.query('SELECT * FROM partner WHERE id = $1 AND ($2::uuid IS NULL OR organisation_id = $2)', [id, organisationId]);
    return rows[0] ?? null;
  }

  /** The active contact point of a municipality (the statutory notice goes there), stored row. */
  async municipalContact(organisationId: string, municipalityCode: string, em: EntityManager = this.ds.manager): Promise<PartnerRow | null> {
    const rows = await em.query(
      `SELECT * FROM partner WHERE organisation_id = $1 AND kind = 'municipal' AND active AND municipality_code = $2`,
      [organisationId, municipalityCode],
    );
    return rows[0] ?? null;
  }

  /** The partner as the api shows it (no secrets, no revisions), or null. */
  view(organisationId: string, id: string, em: EntityManager = this.ds.manager): Promise<PartnerView | null> {
    return loadPartnerView(em, organisationId, id);
  }

  // ---- internals ----

  private async lock(em: EntityManager, actor: Actor, id: string, version: number): Promise<PartnerView> {
    const locked = await em.query('SELECT version FROM partner WHERE id = $1 AND organisation_id = $2 FOR UPDATE', [id, actor.organisationId]);
    if (!locked[0]) throw DomainError.notFound('Partner');
    const current = (await loadPartnerView(em, actor.organisationId, id))!;
    if (current.version !== version) {
      throw new DomainError(ErrorCode.VersionConflict, 'The partner was changed by someone else since you opened it', {
        currentVersion: current.version,
        current,
      });
    }
    return current;
  }

  /** Writes the revision of the partner's current version; returns the view it holds. */
  private async revise(em: EntityManager, actor: Actor, id: string): Promise<PartnerView> {
    const view = (await loadPartnerView(em, actor.organisationId, id))!;
    await em.query('INSERT INTO partner_revision (partner_id, version, data, changed_by) VALUES ($1, $2, $3, $4)', [
      id,
      view.version,
      JSON.stringify(revisionData(view)),
      userId(actor),
    ]);
    return view;
  }

  private async writeDepartments(em: EntityManager, partnerId: string, departmentIds: string[]): Promise<void> {
    await em.query('DELETE FROM partner_department WHERE partner_id = $1', [partnerId]);
    if (departmentIds.length) {
      await em.query('INSERT INTO partner_department (partner_id, department_id) SELECT $1, unnest($2::uuid[])', [partnerId, departmentIds]);
    }
  }

  /** The rules across fields: kind, municipality, areas, departments, channel. All problems at once, as a 422. */
  private async validate(em: EntityManager, actor: Actor, s: PartnerState): Promise<void> {
    const errors: FieldError[] = [];
    const codes = [...new Set([...(s.municipalityCode ? [s.municipalityCode] : []), ...s.areas])];
    const known = new Set<string>(
      codes.length ? (await em.query('SELECT code FROM municipality WHERE code = ANY($1::text[])', [codes])).map((r: { code: string }) => r.code) : [],
    );
    if (s.kind === 'municipal') {
      if (!s.municipalityCode) errors.push({ field: 'municipalityCode', reason: 'required', message: 'A municipal contact point names its municipality' });
      else if (!known.has(s.municipalityCode)) errors.push({ field: 'municipalityCode', reason: 'unknown_municipality', message: 'No such municipality' });
    } else if (s.municipalityCode) {
      errors.push({ field: 'municipalityCode', reason: 'not_allowed', message: 'Only a municipal contact point has a municipality; list areas instead' });
    }
    const unknownAreas = s.areas.filter((a) => !known.has(a));
    if (unknownAreas.length) errors.push({ field: 'areas', reason: 'unknown_municipality', message: `No such municipality: ${unknownAreas.join(', ')}` });
    if (s.kind === 'own_counselling') {
      if (s.requiresConsent) errors.push({ field: 'requiresConsent', reason: 'not_allowed', message: 'The own counselling never requires consent' });
      if (!s.departmentIds.length) {
        errors.push({ field: 'departmentIds', reason: 'required', message: 'List the departments the counselling covers' });
      } else {
        const found = await em.query('SELECT count(*)::int AS n FROM department WHERE organisation_id = $1 AND id = ANY($2::uuid[])', [
          actor.organisationId,
          s.departmentIds,
        ]);
        if (found[0].n !== s.departmentIds.length) {
          errors.push({ field: 'departmentIds', reason: 'unknown_department', message: 'Every department must be one of the organisation’s' });
        }
      }
    } else if (s.departmentIds.length) {
      errors.push({ field: 'departmentIds', reason: 'not_allowed', message: 'Only the own counselling covers departments' });
    }
    if (s.channel === 'email' && !s.email) errors.push({ field: 'email', reason: 'required', message: 'Referrals by e-mail need an e-mail address' });
    if (s.channel === 'webhook' && !s.webhookUrl) errors.push({ field: 'webhookUrl', reason: 'required', message: 'Referrals by webhook need a URL' });
    if (s.webhookUrl && !isHttpUrl(s.webhookUrl)) {
      errors.push({ field: 'webhookUrl', reason: 'invalid_url', message: 'The webhook URL must start with https:// or http://' });
    }
    if (errors.length) throw DomainError.validation(errors);
  }

  /** At most one active contact point per municipality (the unique index says so too; this gives the clear answer). */
  private async assertSingleMunicipalContact(em: EntityManager, actor: Actor, s: PartnerState, self: string | null): Promise<void> {
    if (s.kind !== 'municipal' || !s.active) return;
    const rows = await em.query(
      `SELECT id FROM partner WHERE organisation_id = $1 AND kind = 'municipal' AND active AND municipality_code = $2 AND id IS DISTINCT FROM $3::uuid`,
      [actor.organisationId, s.municipalityCode, self],
    );
    if (rows[0]) throw municipalContactExists(rows[0].id);
  }

  private async inTransaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (e) {
      const err = e as { code?: string; constraint?: string };
      if (err.code === '23505' && err.constraint === 'partner_municipal_uq') throw municipalContactExists(null);
      throw e;
    }
  }
}

function municipalContactExists(partnerId: string | null): DomainError {
  return DomainError.conflict('The municipality already has an active contact point; deactivate it first', {
    reason: 'municipal_contact_exists',
    partnerId,
  });
}

const userId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.id : null);
