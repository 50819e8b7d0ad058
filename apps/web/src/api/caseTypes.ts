/**
 * Types of the case workbench API (docs/api.md, "Cases"). Money is integer øre, dates are YYYY-MM-DD,
 * timestamps ISO 8601. These are the shapes of the API's answers; the closed lists they use (stages, risk levels,
 * outcomes, event kinds…) are the server's own, imported from libs/domain one file at a time.
 *
 * Pages import those lists from `@forebyg/domain/<file>` themselves, not through this module: re-exporting here a
 * list the first page does not use makes the build split the first load into more chunks.
 */
import type { BudgetFrequency, BudgetLineKind } from '@forebyg/domain/budget';
import type { CaseEventKind } from '@forebyg/domain/case-events';
import type {
  AgreementStatus,
  ApplicationKind,
  ApplicationStatus,
  ContactChannel,
  ContactDirection,
  InstalmentStatus,
} from '@forebyg/domain/case-lists';
import type { CaseOutcome } from '@forebyg/domain/case-outcomes';
import type { CreditorKind } from '@forebyg/domain/debts';
// Types only: deadline-clock.ts itself needs the holiday calendar, which the browser bundle does without.
import type { NextStepKind } from '@forebyg/domain/deadline-clock';
import type { RiskFactor } from '@forebyg/domain/risk';
import type { RiskLevel } from '@forebyg/domain/risk-levels';
import type { Stage } from '@forebyg/domain/stages';

export type CaseStatus = 'open' | 'closed';

export interface UserRef {
  id: string;
  name: string;
}

export interface NextStep {
  step: NextStepKind;
  /** null (with daysLeft null) when the dates that drive the step are unknown. */
  dueDate: string | null;
  daysLeft: number | null;
  businessDaysLeft: number | null;
  overdue: boolean;
  estimated: boolean;
  headline: string;
  /** Only on CaseDetail: how the date was found. */
  basis?: string | null;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  status: CaseStatus;
  stage: Stage;
  departmentId: string;
  departmentCode: string;
  departmentName: string;
  tenancyId: string;
  tenancyNumber: string;
  address: string;
  unit: string | null;
  tenantName: string | null;
  assignedCounsellor: UserRef | null;
  responsibleCaseworker: UserRef | null;
  arrearsOre: number;
  monthlyRentOre: number | null;
  nextStep: NextStep | null;
  risk: { score: number; level: RiskLevel; overridden: boolean };
  lastContactAt: string | null;
  openTaskCount: number;
  hasOverdueTasks: boolean;
  openedAt: string;
  closedAt: string | null;
  outcome: CaseOutcome | null;
}

export interface RiskReason {
  factor: RiskFactor;
  points: number;
  detail: Record<string, unknown> | null;
}

export interface CaseRisk {
  score: number;
  level: RiskLevel;
  computedLevel: RiskLevel;
  overridden: boolean;
  reasons: RiskReason[];
  override: { level: RiskLevel; reason: string; by: UserRef | null; at: string } | null;
}

export interface CaseDates {
  arrearsAsOf: string | null;
  oldestDueDate: string | null;
  demandSentDate: string | null;
  demandDeadline: string | null;
  terminationDate: string | null;
  legalHandoverDate: string | null;
  courtFiledDate: string | null;
  evictionDate: string | null;
}

export interface HouseholdMember {
  personId: string;
  name: string;
  role: string;
  cprMasked: string | null;
  phone: string | null;
  email: string | null;
}

export interface CaseContact {
  id: string;
  at: string;
  channel: ContactChannel;
  direction: ContactDirection;
  reached: boolean;
  summary: string | null;
  createdBy: UserRef | null;
}

export interface CaseTask {
  id: string;
  title: string;
  dueDate: string;
  assignee: UserRef | null;
  doneAt: string | null;
  overdue: boolean;
  version: number;
}

export interface BudgetLine {
  id: string;
  kind: BudgetLineKind;
  label: string;
  amountOre: number;
  frequency: BudgetFrequency;
  monthlyOre: number;
  version: number;
}

export interface Debt {
  id: string;
  creditor: string;
  creditorKind: CreditorKind;
  amountOre: number;
  note: string | null;
  priority: number;
  version: number;
}

export interface Instalment {
  id: string;
  seq: number;
  dueDate: string;
  amountOre: number;
  status: InstalmentStatus;
  paidDate: string | null;
  overdue: boolean;
  version: number;
}

export interface Agreement {
  id: string;
  status: AgreementStatus;
  agreedDate: string;
  note: string | null;
  version: number;
  totalOre: number;
  paidOre: number;
  instalments: Instalment[];
}

export interface Application {
  id: string;
  kind: ApplicationKind;
  status: ApplicationStatus;
  submittedDate: string | null;
  decidedDate: string | null;
  amountOre: number | null;
  note: string | null;
  version: number;
}

export interface CaseDetail extends Omit<CaseSummary, 'risk'> {
  version: number;
  origin: 'manual' | 'arrears_import';
  openedStage: Stage;
  helpBeganAt: string | null;
  helpBeganStage: Stage | null;
  closedStage: Stage | null;
  outcomeNote: string | null;
  childrenInHousehold: number;
  dates: CaseDates;
  risk: CaseRisk;
  household: HouseholdMember[];
  contacts: CaseContact[];
  tasks: CaseTask[];
  budget: { lines: BudgetLine[]; totals: { incomeOre: number; expenseOre: number; disposableOre: number } };
  debts: { items: Debt[]; totalOre: number };
  agreement: Agreement | null;
  applications: Application[];
  can: { write: boolean; assign: boolean; readNotes: boolean; writeNotes: boolean };
}

export interface CaseNote {
  id: string;
  body: string;
  author: UserRef | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  editable: boolean;
}

export interface TimelineEvent {
  id: string | number;
  at: string;
  kind: CaseEventKind | string;
  actor: { type: string; label: string | null } | null;
  data: Record<string, unknown> | null;
}

/** The filter groups of the timeline and the event kinds each one shows. */
export const TIMELINE_GROUPS = {
  stage: [
    'opened',
    'stage_changed',
    'case_updated',
    'closed',
    'reopened',
    'demand_sent',
    'termination_recorded',
    'court_filed',
    'eviction_date_set',
  ],
  contact: ['contact_logged'],
  notes: ['note_added', 'note_edited'],
  tasks: ['task_added', 'task_updated', 'task_completed', 'task_reopened'],
  economy: [
    'budget_line_added',
    'budget_line_changed',
    'budget_line_removed',
    'debt_added',
    'debt_changed',
    'debt_removed',
    'agreement_created',
    'agreement_status_changed',
    'instalment_changed',
    'application_added',
    'application_changed',
    'arrears_changed',
    'arrears_cleared',
  ],
  assignment: ['assigned'],
  risk: ['risk_changed', 'risk_overridden', 'risk_override_cleared'],
  referrals: [
    'consent_recorded',
    'consent_withdrawn',
    'referral_proposed',
    'referral_sent',
    'referral_answered',
    'referral_dismissed',
    'referral_withdrawn',
    'municipal_notice_sent',
  ],
} as const satisfies Record<string, readonly CaseEventKind[]>;
export type TimelineGroup = keyof typeof TIMELINE_GROUPS;
export const TIMELINE_GROUP_KEYS = Object.keys(TIMELINE_GROUPS) as TimelineGroup[];

export interface Assignee {
  id: string;
  name: string;
  role: string;
}

/** Caseload filters as kept in the URL (strings; empty means "not set"). */
export interface CaseloadFilters {
  assignee: string;
  status: string;
  stage: Stage[];
  riskLevel: RiskLevel[];
  departmentId: string;
  overdueTasks: boolean;
  noContactDays: string;
  q: string;
}

export type CaseSortField = 'risk' | 'daysLeft' | 'caseNumber' | 'openedAt' | 'arrears' | 'lastContact';
