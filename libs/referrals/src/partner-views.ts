import type { EntityManager } from 'typeorm';
import type { PartnerKind, ReferralPurpose } from '@forebyg/domain';
import type { ContactKind, PartnerChannel } from './partners.dto.js';

/** A partner as the api shows it: camelCase, never a secret. */
export interface PartnerView {
  id: string;
  kind: PartnerKind;
  name: string;
  description: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  areas: string[];
  services: ReferralPurpose[];
  languages: string[];
  contactKind: ContactKind | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  openingHours: string | null;
  channel: PartnerChannel;
  webhookUrl: string | null;
  requiresConsent: boolean;
  capacity: number | null;
  waitingDays: number | null;
  accredited: boolean;
  answerDays: number;
  active: boolean;
  /** own_counselling: the departments covered. */
  departments: { id: string; code: string; name: string }[];
  /** After a rotation: until when the previous secret is still accepted (null when there is none). */
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

export interface PartnerRevisionView {
  version: number;
  changedAt: string;
  changedBy: string | null;
  /** The partner as it was at this version (the view, without secrets). */
  data: Record<string, unknown>;
}

export interface PartnerDetail extends PartnerView {
  /** Newest first. */
  revisions: PartnerRevisionView[];
}

/** A partner row as stored (`SELECT * FROM partner`), secrets encrypted: for delivery and callbacks, never for a response. */
export interface PartnerRow {
  id: string;
  organisation_id: string;
  kind: PartnerKind;
  name: string;
  description: string | null;
  municipality_code: string | null;
  areas: string[];
  services: ReferralPurpose[];
  languages: string[];
  contact_kind: ContactKind | null;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  opening_hours: string | null;
  channel: PartnerChannel;
  webhook_url: string | null;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_until: Date | null;
  requires_consent: boolean;
  capacity: number | null;
  waiting_days: number | null;
  accredited: boolean;
  answer_days: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
  version: number;
}

export const PARTNER_VIEW_SELECT = `
  SELECT p.id, p.kind, p.name, p.description, p.municipality_code AS "municipalityCode", m.name AS "municipalityName",
         p.areas, p.services, p.languages, p.contact_kind AS "contactKind", p.contact_name AS "contactName", p.phone, p.email,
         p.opening_hours AS "openingHours", p.channel, p.webhook_url AS "webhookUrl", p.requires_consent AS "requiresConsent",
         p.capacity, p.waiting_days AS "waitingDays", p.accredited, p.answer_days AS "answerDays", p.active,
         COALESCE((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name', d.name) ORDER BY d.code, d.id)
                     FROM partner_department pd JOIN department d ON d.id = pd.department_id WHERE pd.partner_id = p.id), '[]'::json) AS departments,
         CASE WHEN p.previous_secret_until > now() THEN p.previous_secret_until END AS "previousSecretValidUntil",
         p.created_at AS "createdAt", p.updated_at AS "updatedAt", u.name AS "updatedBy", p.version
    FROM partner p
    LEFT JOIN municipality m ON m.code = p.municipality_code
    LEFT JOIN app_user u ON u.id = p.updated_by`;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function partnerView(r: Record<string, unknown>): PartnerView {
  return {
    id: r.id as string,
    kind: r.kind as PartnerKind,
    name: r.name as string,
    description: (r.description as string | null) ?? null,
    municipalityCode: (r.municipalityCode as string | null) ?? null,
    municipalityName: (r.municipalityName as string | null) ?? null,
    areas: (r.areas as string[]) ?? [],
    services: (r.services as ReferralPurpose[]) ?? [],
    languages: (r.languages as string[]) ?? [],
    contactKind: (r.contactKind as ContactKind | null) ?? null,
    contactName: (r.contactName as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    openingHours: (r.openingHours as string | null) ?? null,
    channel: r.channel as PartnerChannel,
    webhookUrl: (r.webhookUrl as string | null) ?? null,
    requiresConsent: r.requiresConsent as boolean,
    capacity: (r.capacity as number | null) ?? null,
    waitingDays: (r.waitingDays as number | null) ?? null,
    accredited: r.accredited as boolean,
    answerDays: r.answerDays as number,
    active: r.active as boolean,
    departments: (r.departments as PartnerView['departments']) ?? [],
    previousSecretValidUntil: iso((r.previousSecretValidUntil as Date | null) ?? null),
    createdAt: iso(r.createdAt as Date)!,
    updatedAt: iso(r.updatedAt as Date)!,
    updatedBy: (r.updatedBy as string | null) ?? null,
    version: r.version as number,
  };
}

/** One partner of the organisation as the api shows it, or null. */
export async function loadPartnerView(em: EntityManager, organisationId: string, id: string): Promise<PartnerView | null> {
  const rows = await em.query(`${PARTNER_VIEW_SELECT} WHERE p.organisation_id = $1 AND p.id = $2`, [organisationId, id]);
  return rows[0] ? partnerView(rows[0]) : null;
}

/** What a revision keeps: the partner as it is, without the bookkeeping that changes on its own. */
export function revisionData(view: PartnerView): Record<string, unknown> {
  const { previousSecretValidUntil: _p, updatedAt: _u, updatedBy: _b, createdAt: _c, ...data } = view;
  return data;
}
