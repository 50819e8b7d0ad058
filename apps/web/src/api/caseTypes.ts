/**
 * Types of the case workbench API (docs/api.md, "Cases"). Money is integer øre, dates are YYYY-MM-DD,
 * timestamps ISO 8601. The web app is a separate build, so the closed lists are repeated here rather than
 * imported from libs/domain.
 */

export const STAGES = ['arrears', 'demand', 'termination', 'legal', 'court', 'eviction_scheduled'] as const;
export type Stage = (typeof STAGES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CASE_OUTCOMES = [
  'paid',
  'payment_agreement',
  'municipal_aid',
  'housing_benefit',
  'moved_voluntarily',
  'evicted',
  'no_contact',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CREDITOR_KINDS = ['rent', 'utilities', 'public', 'bank', 'consumer', 'private', 'other'] as const;
export type CreditorKind = (typeof CREDITOR_KINDS)[number];

export const CONTACT_CHANNELS = ['phone', 'sms', 'letter', 'email', 'home_visit', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactDirection = 'outbound' | 'inbound';

export const BUDGET_FREQUENCIES = ['monthly', 'weekly', 'quarterly', 'yearly'] as const;
export type BudgetFrequency = (typeof BUDGET_FREQUENCIES)[number];
export type BudgetKind = 'income' | 'expense';

export const AGREEMENT_STATUSES = ['active', 'completed', 'broken', 'cancelled'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export type InstalmentStatus = 'pending' | 'paid' | 'missed';

export const APPLICATION_KINDS = ['municipal_aid', 'housing_benefit'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export const APPLICATION_STATUSES = ['planned', 'submitted', 'granted', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const RISK_FACTORS = [
  'stage',
  'urgency',
  'arrears_ratio',
  'repeated_demands',
  'children',
  'no_contact',
  'broken_agreement',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const NEXT_STEPS = ['demand', 'termination', 'legal', 'court', 'eviction'] as const;
export type NextStepKind = (typeof NEXT_STEPS)[number];

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
  kind: BudgetKind;
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

export const TIMELINE_KINDS = [
  'opened',
  'stage_changed',
  'case_updated',
  'assigned',
  'risk_changed',
  'risk_overridden',
  'risk_override_cleared',
  'contact_logged',
  'note_added',
  'note_edited',
  'task_added',
  'task_updated',
  'task_completed',
  'task_reopened',
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
  'closed',
  'reopened',
  // From the administration's arrears data (system events).
  'arrears_changed',
  'arrears_cleared',
  'demand_sent',
  'termination_recorded',
  'court_filed',
  'eviction_date_set',
  // Referrals to partners and the consent they rest on.
  'consent_recorded',
  'consent_withdrawn',
  'referral_proposed',
  'referral_sent',
  'referral_answered',
  'referral_dismissed',
  'referral_withdrawn',
  'municipal_notice_sent',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  id: string | number;
  at: string;
  kind: TimelineKind | string;
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
} as const satisfies Record<string, readonly TimelineKind[]>;
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
