import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { Actor, pageRequest, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CASE_OUTCOME_LABELS, formatDanishMoney, STAGE_LABELS, todayInCopenhagen, type CaseOutcome } from '@forebyg/domain';
import { CASE_SORTS, CaseRepository } from './case.repository.js';
import { CaseViews, type CaseSummary } from './case-views.js';
import type { CaseQueryDto } from './dto/index.js';
import { CasesService } from './cases.service.js';

/** More rows than any association's caseload; a bigger export is cut here rather than exhausting the api. */
export const EXPORT_MAX_ROWS = 200_000;
const CHUNK = 1000;

const RISK_DA: Record<string, string> = { low: 'Lav', medium: 'Middel', high: 'Høj', critical: 'Kritisk' };

const HEADER = [
  'Sagsnummer',
  'Status',
  'Afdeling',
  'Lejemål',
  'Adresse',
  'Lejer',
  'Fase',
  'Risiko',
  'Risikoscore',
  'Næste skridt',
  'Frist',
  'Dage tilbage',
  'Restance (kr.)',
  'Månedlig leje (kr.)',
  'Rådgiver',
  'Sagsbehandler',
  'Seneste kontakt',
  'Åbne opgaver',
  'Oprettet',
  'Udfald',
];

/** dd-mm-yyyy on the Copenhagen calendar. */
function danishDate(value: string | null): string {
  if (!value) return '';
  const day = value.length === 10 ? value : todayInCopenhagen(new Date(value));
  return `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;
}

const kroner = (ore: number | null) => (ore === null ? '' : formatDanishMoney(ore).replace(/ kr\.$/, ''));

export function csvRow(s: CaseSummary): (string | number)[] {
  return [
    s.caseNumber,
    s.status === 'open' ? 'Åben' : 'Lukket',
    `${s.departmentCode} ${s.departmentName}`,
    s.tenancyNumber,
    [s.address, s.unit].filter(Boolean).join(', '),
    s.tenantName ?? '',
    STAGE_LABELS[s.stage].da,
    RISK_DA[s.risk.level],
    s.risk.score,
    s.nextStep?.headline ?? '',
    danishDate(s.nextStep?.dueDate ?? null),
    s.nextStep?.daysLeft ?? '',
    kroner(s.arrearsOre),
    kroner(s.monthlyRentOre),
    s.assignedCounsellor?.name ?? '',
    s.responsibleCaseworker?.name ?? '',
    danishDate(s.lastContactAt),
    s.openTaskCount,
    danishDate(s.openedAt),
    s.outcome ? CASE_OUTCOME_LABELS[s.outcome as CaseOutcome].da : '',
  ];
}

/**
 * Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) get a leading
 * apostrophe (csv-stringify's `escape_formulas`), so a tenant named "=HYPERLINK(...)" stays text in Excel.
 */
export function toCsv(rows: (string | number)[][], withHeader: boolean): string {
  return stringify(withHeader ? [HEADER, ...rows] : rows, {
    delimiter: ';',
    escape_formulas: true,
    record_delimiter: '\r\n',
    // Quote any cell with a line break: csv-stringify only quotes the record delimiter itself (\r\n) by default.
    quoted_match: /[\r\n]/,
    bom: false,
  });
}

/** The caseload as CSV for Excel (UTF-8 with BOM, `;`), streamed in chunks and audited with its size. */
@Injectable()
export class CaseExport {
  constructor(
    private readonly cases: CaseRepository,
    private readonly views: CaseViews,
    private readonly service: CasesService,
    private readonly audit: AuditService,
  ) {}

  async export(actor: Actor, query: CaseQueryDto, ctx: RequestContext): Promise<Readable> {
    const filter = this.service.filterOf(query);
    const ids = await this.cases.listIds(actor, filter, pageRequest({ sort: query.sort }, CASE_SORTS, '-risk,daysLeft'), EXPORT_MAX_ROWS);
    await this.audit.record({
      action: 'case.exported',
      actor,
      entityType: 'case',
      context: ctx,
      details: { rows: ids.length, filter: { ...query, q: query.q ? '(text)' : undefined } },
    });
    const { cases, views } = this;
    async function* lines() {
      yield '\uFEFF' + toCsv([], true);
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await cases.summariesByIds(ids.slice(i, i + CHUNK));
        yield toCsv(rows.map((r) => csvRow(views.summary(r, filter.today))), false);
      }
    }
    return Readable.from(lines());
  }
}
