import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '@forebyg/core';
import { CprVault } from '@forebyg/tenancies';
import {
  businessDaysBetween,
  computeBudget,
  computeNextStep,
  DEBT_PRIORITY,
  sortDebtsByPriority,
  toMonthlyOre,
  type BudgetFrequency,
  type CreditorKind,
  type RiskLevel,
  type RiskReason,
  type Stage,
} from '@forebyg/domain';
import { nextStepView, type NextStepView } from './case-assessment.js';
import { CaseRepository, type CaseRow, type CaseSummaryRow } from './case.repository.js';

export interface UserRef {
  id: string;
  name: string;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  status: 'open' | 'closed';
  stage: Stage;
  departmentId: string;
  departmentCode: string;
  departmentName: string;
  tenancyId: string;
  tenancyNumber: string;
  address: string | null;
  unit: string | null;
  tenantName: string | null;
  assignedCounsellor: UserRef | null;
  responsibleCaseworker: UserRef | null;
  arrearsOre: number;
  monthlyRentOre: number | null;
  nextStep: NextStepView | null;
  risk: { score: number; level: RiskLevel; overridden: boolean };
  lastContactAt: string | null;
  openTaskCount: number;
  hasOverdueTasks: boolean;
  openedAt: string;
  closedAt: string | null;
  outcome: string | null;
}

export interface CaseDetail extends Omit<CaseSummary, 'nextStep' | 'risk'> {
  version: number;
  origin: CaseRow['origin'];
  openedStage: Stage;
  helpBeganAt: string | null;
  helpBeganStage: Stage | null;
  closedStage: Stage | null;
  outcomeNote: string | null;
  childrenInHousehold: number;
  dates: {
    arrearsAsOf: string | null;
    oldestDueDate: string | null;
    demandSentDate: string | null;
    demandDeadline: string | null;
    terminationDate: string | null;
    legalHandoverDate: string | null;
    courtFiledDate: string | null;
    evictionDate: string | null;
  };
  nextStep: (NextStepView & { basis: string }) | null;
  risk: {
    score: number;
    level: RiskLevel;
    computedLevel: RiskLevel;
    overridden: boolean;
    reasons: RiskReason[];
    override: { level: RiskLevel; reason: string; by: UserRef | null; at: string | null } | null;
  };
  household: { personId: string; name: string; role: string; cprMasked: string | null; phone: string | null; email: string | null }[];
  contacts: { id: string; at: string; channel: string; direction: string; reached: boolean; summary: string | null; createdBy: UserRef | null }[];
  tasks: { id: string; title: string; dueDate: string; assignee: UserRef | null; doneAt: string | null; overdue: boolean; version: number }[];
  budget: {
    lines: { id: string; kind: 'income' | 'expense'; label: string; amountOre: number; frequency: BudgetFrequency; monthlyOre: number; version: number }[];
    totals: { incomeOre: number; expenseOre: number; disposableOre: number };
  };
  debts: {
    items: { id: string; creditor: string; creditorKind: CreditorKind; amountOre: number; note: string | null; priority: number; version: number }[];
    totalOre: number;
  };
  agreement: {
    id: string;
    status: string;
    agreedDate: string;
    note: string | null;
    version: number;
    totalOre: number;
    paidOre: number;
    instalments: { id: string; seq: number; dueDate: string; amountOre: number; status: string; paidDate: string | null; overdue: boolean; version: number }[];
  } | null;
  applications: {
    id: string;
    kind: string;
    status: string;
    submittedDate: string | null;
    decidedDate: string | null;
    amountOre: number | null;
    note: string | null;
    version: number;
  }[];
  can: { write: boolean; assign: boolean; readNotes: boolean; writeNotes: boolean };
}

/** Runs query thunks one at a time and returns their results in order. */
async function sequentially(thunks: (() => Promise<any>)[]): Promise<any[]> {
  const results: any[] = [];
  for (const thunk of thunks) results.push(await thunk());
  return results;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const ref = (id: string | null, name: string | null): UserRef | null => (id ? { id, name: name ?? '' } : null);

/** Builds the API's views of cases from rows; the only place the clock's days left are counted for display. */
@Injectable()
export class CaseViews {
  constructor(
    private readonly cases: CaseRepository,
    private readonly vault: CprVault,
  ) {}

  summary(r: CaseSummaryRow, today: string): CaseSummary {
    return {
      id: r.id,
      caseNumber: r.caseNumber,
      status: r.status,
      stage: r.stage,
      departmentId: r.departmentId,
      departmentCode: r.departmentCode,
      departmentName: r.departmentName,
      tenancyId: r.tenancyId,
      tenancyNumber: r.tenancyNumber,
      address: r.address,
      unit: r.unit,
      tenantName: r.tenantName,
      assignedCounsellor: ref(r.counsellorId, r.counsellorName),
      responsibleCaseworker: ref(r.caseworkerId, r.caseworkerName),
      arrearsOre: r.arrearsOre,
      monthlyRentOre: r.monthlyRentOre,
      nextStep: r.status === 'open' ? nextStepView(r.nextStep, r.nextStepDue, r.nextStepEstimated, today, businessDaysBetween) : null,
      risk: { score: r.riskScore, level: r.riskLevel, overridden: r.overridden },
      lastContactAt: iso(r.lastContactAt),
      openTaskCount: r.openTaskCount,
      hasOverdueTasks: r.earliestOpenTaskDue !== null && r.earliestOpenTaskDue < today,
      openedAt: iso(r.openedAt) as string,
      closedAt: iso(r.closedAt),
      outcome: r.outcome,
    };
  }

  /** The whole case as the case page shows it. The caller has checked that the actor may see the case. */
  async detail(em: EntityManager, actor: Actor, id: string, today: string, summaryRow?: CaseSummaryRow): Promise<CaseDetail> {
    const row = await this.cases.row(em, id);
    summaryRow ??= (await this.cases.summariesByIds([id], em))[0];
    const summary = this.summary(summaryRow, today);
    // One after another: `em` is a single connection inside a transaction, which runs one query at a time.
    const [household, contacts, tasks, lines, debts, agreements, applications, overrideBy] = await sequentially([
      () => em.query(
        `SELECT p.id AS "personId", p.name, h.role, p.cpr_encrypted AS "cprEncrypted", p.phone, p.email
           FROM household_member h JOIN person p ON p.id = h.person_id
          WHERE h.tenancy_id = $1 AND (h.until IS NULL OR h.until >= current_date) ORDER BY h.role DESC, p.name`,
        [row.tenancyId],
      ),
      () => em.query(
        `SELECT x.id, x.at, x.channel, x.direction, x.reached, x.summary, x.created_by AS "createdById", u.name AS "createdByName"
           FROM case_contact x LEFT JOIN app_user u ON u.id = x.created_by
          WHERE x.case_id = $1 ORDER BY x.at DESC, x.created_at DESC LIMIT 500`,
        [id],
      ),
      () => em.query(
        `SELECT k.id, k.title, to_char(k.due_date, 'YYYY-MM-DD') AS "dueDate", k.assignee_id AS "assigneeId", u.name AS "assigneeName",
                k.done_at AS "doneAt", k.version
           FROM case_task k LEFT JOIN app_user u ON u.id = k.assignee_id
          WHERE k.case_id = $1 ORDER BY (k.done_at IS NOT NULL), k.due_date, k.created_at`,
        [id],
      ),
      () => em.query(
        `SELECT id, kind, label, amount_ore::float8 AS "amountOre", frequency, version FROM budget_line WHERE case_id = $1 ORDER BY kind DESC, created_at, id`,
        [id],
      ),
      () => em.query(
        `SELECT id, creditor, creditor_kind AS "creditorKind", amount_ore::float8 AS "amountOre", note, version FROM case_debt WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      ),
      () => em.query(
        `SELECT a.id, a.status, to_char(a.agreed_date, 'YYYY-MM-DD') AS "agreedDate", a.note, a.version,
                COALESCE((SELECT json_agg(json_build_object('id', i.id, 'seq', i.seq, 'dueDate', to_char(i.due_date, 'YYYY-MM-DD'),
                          'amountOre', i.amount_ore, 'status', i.status, 'paidDate', to_char(i.paid_date, 'YYYY-MM-DD'), 'version', i.version) ORDER BY i.seq)
                            FROM agreement_instalment i WHERE i.agreement_id = a.id), '[]') AS instalments
           FROM payment_agreement a WHERE a.case_id = $1
          ORDER BY (a.status = 'active') DESC, a.created_at DESC, a.id LIMIT 1`,
        [id],
      ),
      () => em.query(
        `SELECT id, kind, status, to_char(submitted_date, 'YYYY-MM-DD') AS "submittedDate", to_char(decided_date, 'YYYY-MM-DD') AS "decidedDate",
                amount_ore::float8 AS "amountOre", note, version
           FROM case_application WHERE case_id = $1 ORDER BY created_at, id`,
        [id],
      ),
      () => row.riskOverrideBy ? em.query('SELECT id, name FROM app_user WHERE id = $1', [row.riskOverrideBy]) : Promise.resolve([]),
    ]);

    const budgetLines = lines.map((l: { id: string; kind: 'income' | 'expense'; label: string; amountOre: number; frequency: BudgetFrequency; version: number }) => ({
      ...l,
      monthlyOre: toMonthlyOre(l.amountOre, l.frequency),
    }));
    const sortedDebts = sortDebtsByPriority(debts as { id: string; creditor: string; creditorKind: CreditorKind; amountOre: number; note: string | null; version: number }[]);
    const agreementRow = agreements[0] as
      | { id: string; status: string; agreedDate: string; note: string | null; version: number; instalments: { id: string; seq: number; dueDate: string; amountOre: number; status: string; paidDate: string | null; version: number }[] }
      | undefined;
    const { nextStep: _listStep, risk: _listRisk, ...base } = summary;
    const isOpen = row.status === 'open';
    const nextStep =
      isOpen && summary.nextStep
        ? {
            ...summary.nextStep,
            basis: computeNextStep({
              stage: row.stage,
              today,
              oldestDueDate: row.oldestDueDate,
              demandSentDate: row.demandSentDate,
              terminationDate: row.terminationDate,
              legalHandoverDate: row.legalHandoverDate,
              courtFiledDate: row.courtFiledDate,
              evictionDate: row.evictionDate,
            }).basis,
          }
        : null;
    return {
      ...base,
      version: row.version,
      origin: row.origin,
      openedStage: row.openedStage,
      helpBeganAt: iso(row.helpBeganAt),
      helpBeganStage: row.helpBeganStage,
      closedStage: row.closedStage,
      outcomeNote: row.outcomeNote,
      childrenInHousehold: row.childrenInHousehold,
      dates: {
        arrearsAsOf: row.arrearsAsOf,
        oldestDueDate: row.oldestDueDate,
        demandSentDate: row.demandSentDate,
        demandDeadline: row.demandDeadline,
        terminationDate: row.terminationDate,
        legalHandoverDate: row.legalHandoverDate,
        courtFiledDate: row.courtFiledDate,
        evictionDate: row.evictionDate,
      },
      nextStep,
      risk: {
        score: row.riskScore,
        level: row.riskLevel,
        computedLevel: row.riskComputedLevel,
        overridden: row.riskOverrideLevel !== null,
        reasons: row.riskReasons as RiskReason[],
        override:
          row.riskOverrideLevel && row.riskOverrideReason
            ? { level: row.riskOverrideLevel, reason: row.riskOverrideReason, by: overrideBy[0] ?? null, at: iso(row.riskOverrideAt) }
            : null,
      },
      household: household.map((m: { personId: string; name: string; role: string; cprEncrypted: string | null; phone: string | null; email: string | null }) => ({
        personId: m.personId,
        name: m.name,
        role: m.role,
        cprMasked: this.vault.mask(m.cprEncrypted),
        phone: m.phone,
        email: m.email,
      })),
      contacts: contacts.map((c: { id: string; at: Date; channel: string; direction: string; reached: boolean; summary: string | null; createdById: string | null; createdByName: string | null }) => ({
        id: c.id,
        at: iso(c.at) as string,
        channel: c.channel,
        direction: c.direction,
        reached: c.reached,
        summary: c.summary,
        createdBy: ref(c.createdById, c.createdByName),
      })),
      tasks: tasks.map((k: { id: string; title: string; dueDate: string; assigneeId: string | null; assigneeName: string | null; doneAt: Date | null; version: number }) => ({
        id: k.id,
        title: k.title,
        dueDate: k.dueDate,
        assignee: ref(k.assigneeId, k.assigneeName),
        doneAt: iso(k.doneAt),
        overdue: k.doneAt === null && k.dueDate < today,
        version: k.version,
      })),
      budget: { lines: budgetLines, totals: computeBudget(budgetLines) },
      debts: {
        items: sortedDebts.map((d) => ({ ...d, priority: DEBT_PRIORITY[d.creditorKind] })),
        totalOre: sortedDebts.reduce((sum, d) => sum + d.amountOre, 0),
      },
      agreement: agreementRow
        ? {
            id: agreementRow.id,
            status: agreementRow.status,
            agreedDate: agreementRow.agreedDate,
            note: agreementRow.note,
            version: agreementRow.version,
            totalOre: agreementRow.instalments.reduce((s, i) => s + Number(i.amountOre), 0),
            paidOre: agreementRow.instalments.filter((i) => i.status === 'paid').reduce((s, i) => s + Number(i.amountOre), 0),
            instalments: agreementRow.instalments.map((i) => ({
              ...i,
              amountOre: Number(i.amountOre),
              overdue: i.status === 'pending' && i.dueDate < today,
            })),
          }
        : null,
      applications,
      can: {
        write: actor.permissions.has('cases:write'),
        assign: actor.permissions.has('cases:assign'),
        readNotes: actor.permissions.has('case-notes:read'),
        writeNotes: actor.permissions.has('case-notes:write'),
      },
    };
  }
}
