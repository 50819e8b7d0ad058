import { Inject, Injectable } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@forebyg/core';
import {
  calendarDaysBetween,
  signRespondToken,
  todayInCopenhagen,
  type PartnerChannel,
  type PartnerMessageStatus,
  type SharedDataItem,
} from '@forebyg/domain';
import type { PartnerMessageType } from './partner-messages.js';

/** The statutory notice's legal basis (DOMAIN.md: the landlord notifies the municipality in writing by the filing day). */
export const MUNICIPAL_NOTICE_LEGAL_BASIS = 'almenlejeloven § 92, stk. 2';

export interface MessageRow {
  id: string;
  organisationId: string;
  partnerId: string;
  caseId: string | null;
  referralId: string | null;
  type: PartnerMessageType;
  channel: PartnerChannel;
  status: PartnerMessageStatus;
  attempts: number;
  createdAt: Date;
}

export interface TenantData {
  name?: string;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  preferredLanguage?: string;
}

const PURPOSE_DA: Record<string, string> = {
  debt_counselling: 'gældsrådgivning',
  municipal_aid: 'kommunal hjælp',
  housing_advice: 'boligrådgivning',
  social_support: 'social støtte',
  other: 'anden hjælp',
};

const copenhagenOffset = (d: Date) => {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return (part?.value ?? 'GMT+01:00').replace('GMT', '') || '+00:00';
};

/** An instant as ISO 8601 with Copenhagen's offset, as the spec shows it (`2026-11-23T08:15:00+01:00`). */
export function copenhagenIso(d: Date): string {
  const offset = copenhagenOffset(d);
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number];
  const local = new Date(d.getTime() + sign * (h * 60 + m) * 60_000);
  return `${local.toISOString().slice(0, 19)}${offset}`;
}

/**
 * What a message to a partner says, built from the database when it is sent (the queue carries ids only): the
 * webhook body of the spec, or an e-mail with the case reference, the purpose, the deadline and a signed link (an
 * e-mail never carries a name or CPR). Tenant data is limited to the items the referral's consent covers; the
 * municipal notice carries name and address only.
 */
@Injectable()
export class MessageContent {
  private readonly linkKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.linkKey = Buffer.from(hkdfSync('sha256', config.blindIndexKey, Buffer.alloc(0), 'forebyg:partner-link', 32));
  }

  /** The key the signed answer links are made and checked with (derived from BLIND_INDEX_KEY). */
  get key(): Buffer {
    return this.linkKey;
  }

  link(subjectId: string): string {
    const expires = new Date(this.clock.now().getTime() + this.config.PARTNER_LINK_DAYS * 86_400_000);
    const token = signRespondToken(this.linkKey, subjectId, expires);
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/svar/${subjectId}?token=${encodeURIComponent(token)}`;
  }

  async message(em: EntityManager, id: string): Promise<MessageRow | null> {
    const [m] = await em.query(
      `SELECT id, organisation_id AS "organisationId", partner_id AS "partnerId", case_id AS "caseId", referral_id AS "referralId", type, channel, status,
              attempts, created_at AS "createdAt" FROM partner_message WHERE id = $1`,
      [id],
    );
    return m ?? null;
  }

  /** The tenant's data a referral may carry (its data items), or a notice's name and address. */
  async tenant(em: EntityManager, personId: string | null, tenancyId: string, items: readonly SharedDataItem[]): Promise<TenantData> {
    const [p] = personId ? await em.query('SELECT name, phone, email, preferred_language AS lang FROM person WHERE id = $1', [personId]) : [];
    const [t] = await em.query('SELECT address, unit, postal_code AS "postalCode" FROM tenancy WHERE id = $1', [tenancyId]);
    const out: TenantData = {};
    if (items.includes('name') && p) out.name = p.name;
    if (items.includes('phone') && p) out.phone = p.phone;
    if (items.includes('email') && p) out.email = p.email;
    if (items.includes('preferred_language') && p) out.preferredLanguage = p.lang;
    if (items.includes('address') && t) out.address = [t.address, t.unit, t.postalCode].filter(Boolean).join(', ') || null;
    return out;
  }

  /** The webhook body (JSON text) and the e-mail of a message. */
  async build(em: EntityManager, m: MessageRow): Promise<{ body: string; mail: { subject: string; text: string; html: string } }> {
    const [c] = await em.query(
      `SELECT c.case_number AS reference, c.stage, c.tenancy_id AS "tenancyId", to_char(c.next_step_due, 'YYYY-MM-DD') AS "nextStepDue",
              d.municipality_code AS "municipalityCode", c.arrears_ore::float8 AS "arrearsOre", c.children_in_household AS children
         FROM case_file c JOIN department d ON d.id = c.department_id WHERE c.id = $1`,
      [m.caseId],
    );
    const caseRef = { reference: c.reference as string, municipalityCode: String(c.municipalityCode).trim() };
    if (m.type === 'municipal.notice') {
      const [n] = await em.query(
        `SELECT n.id, n.legal_basis AS "legalBasis", n.stage, (SELECT h.person_id FROM household_member h WHERE h.tenancy_id = $2
            ORDER BY (h.role = 'tenant') DESC, h.since NULLS LAST, h.person_id LIMIT 1) AS "personId"
           FROM municipal_notice n WHERE n.message_id = $1`,
        [m.id, c.tenancyId],
      );
      const tenant = await this.tenant(em, n?.personId ?? null, c.tenancyId, ['name', 'address']);
      const body = {
        type: m.type,
        notice: { id: n?.id ?? null, createdAt: copenhagenIso(new Date(m.createdAt)), legalBasis: MUNICIPAL_NOTICE_LEGAL_BASIS, viewUrl: n ? this.link(n.id) : null },
        case: { ...caseRef, stage: c.stage },
        tenant,
      };
      const text = [
        'Til kommunens kontaktpunkt',
        '',
        `Boligorganisationen underretter hermed kommunen om, at der er indgivet begæring om udsættelse i sag ${caseRef.reference} (${MUNICIPAL_NOTICE_LEGAL_BASIS}).`,
        'Lejerens navn og adresse står på den sikre side:',
        n ? this.link(n.id) : '',
        '',
        'Underretningen kræver ikke samtykke; den har sit eget lovgrundlag.',
      ].join('\n');
      return { body: JSON.stringify(body), mail: mail(`Underretning om udsættelsessag ${caseRef.reference}`, text) };
    }
    const [f] = await em.query(
      `SELECT id, purpose, created_at AS "createdAt", to_char(answer_by, 'YYYY-MM-DD') AS "answerBy", data_items AS "dataItems", person_id AS "personId"
         FROM referral WHERE id = $1`,
      [m.referralId],
    );
    if (m.type === 'referral.withdrawn') {
      const body = { type: m.type, referral: { id: f.id, reason: 'consent_withdrawn_or_case_closed' }, case: { reference: caseRef.reference } };
      const text = [
        `Henvisningen i sag ${caseRef.reference} er trukket tilbage (samtykket er trukket tilbage, eller sagen er lukket).`,
        'Slet venligst de oplysninger, I har modtaget om lejeren i forbindelse med henvisningen.',
      ].join('\n');
      return { body: JSON.stringify(body), mail: mail(`Henvisning trukket tilbage: sag ${caseRef.reference}`, text) };
    }
    const items = f.dataItems as SharedDataItem[];
    const respondUrl = this.link(f.id);
    const caseData: Record<string, unknown> = { ...caseRef };
    if (items.includes('case_stage')) {
      caseData.stage = c.stage;
      caseData.daysToNextStep = c.nextStepDue ? calendarDaysBetween(todayInCopenhagen(this.clock.now()), c.nextStepDue) : null;
    }
    if (items.includes('arrears')) caseData.arrearsKr = Number(c.arrearsOre) / 100;
    if (items.includes('household')) caseData.childrenInHousehold = c.children;
    const body = {
      type: m.type,
      referral: { id: f.id, createdAt: copenhagenIso(new Date(f.createdAt)), purpose: f.purpose, answerBy: f.answerBy, respondUrl },
      case: caseData,
      tenant: await this.tenant(em, f.personId, c.tenancyId, items),
    };
    const answerBy = f.answerBy ? `${f.answerBy.slice(8, 10)}-${f.answerBy.slice(5, 7)}-${f.answerBy.slice(0, 4)}` : '';
    const text = [
      'Hej',
      '',
      `Boligorganisationen henviser en lejer til jer for ${PURPOSE_DA[f.purpose] ?? f.purpose} (sag ${caseRef.reference}).`,
      answerBy ? `Svar venligst senest ${answerBy}.` : '',
      '',
      'Lejerens kontaktoplysninger (som lejeren har givet samtykke til at dele) og svarmuligheder står på den sikre side:',
      respondUrl,
    ].join('\n');
    return { body: JSON.stringify(body), mail: mail(`Henvisning til ${PURPOSE_DA[f.purpose] ?? f.purpose}: sag ${caseRef.reference}`, text) };
  }
}

function mail(subject: string, text: string): { subject: string; text: string; html: string } {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = `<!doctype html><html lang="da"><body style="font-family: sans-serif">${text
    .split('\n')
    .map((line) => (/^https?:\/\//.test(line) ? `<p><a href="${esc(line)}">Åbn den sikre side</a></p>` : line ? `<p>${esc(line)}</p>` : ''))
    .join('\n')}</body></html>`;
  return { subject: `Forebyg: ${subject}`, text, html };
}
