import type { CaseOutcome, CreditorKind, Stage } from '@forebyg/domain';

/**
 * Demo cases, written relative to the day the demo is loaded (day offsets, negative = in the past) so the
 * caseload always shows live deadlines: a påkrav running out this week, an eviction in three weeks, a case
 * nobody has reached, one with a broken agreement, closed cases with outcomes.
 */
export interface DemoCase {
  tenancy: string;
  /** Who works the case: the demo counsellor, the demo caseworker, or nobody yet. */
  assign: 'counsellor' | 'caseworker' | 'none';
  stage: Stage;
  /** Arrears in months of the tenancy's rent. */
  arrearsMonths: number;
  children?: number;
  dates: Partial<Record<'oldestDueDate' | 'demandSentDate' | 'terminationDate' | 'legalHandoverDate' | 'courtFiledDate' | 'evictionDate', number>>;
  contacts?: { daysAgo: number; channel: 'letter' | 'sms' | 'phone' | 'home_visit' | 'meeting'; reached: boolean; summary?: string }[];
  tasks?: { title: string; dueIn: number; done?: boolean }[];
  budget?: { kind: 'income' | 'expense'; label: string; kroner: number; frequency?: 'monthly' | 'quarterly' | 'yearly' }[];
  debts?: { creditor: string; kind: CreditorKind; kroner: number }[];
  agreement?: { instalments: number; kroner: number; firstDueIn: number; paid: number; missed: number; broken?: boolean };
  application?: { kind: 'municipal_aid' | 'housing_benefit'; status: 'planned' | 'submitted' | 'granted' | 'rejected' };
  note?: string;
  closed?: CaseOutcome;
}

/** Extra fictional tenancies for the cases (the five platform ones are reused too). */
export const DEMO_CASE_TENANCIES = [
  { number: '101-0031', dept: '101', address: 'Bispeparken 31', unit: '1. th', postal: '2400', rent: 589000, tenants: [{ name: 'Henrik Madsen', cpr: '140471-1111' }] },
  { number: '101-0058', dept: '101', address: 'Bispeparken 58', unit: '3. tv', postal: '2400', rent: 732500, tenants: [{ name: 'Fatima Ahmadi', cpr: '220890-2222' }] },
  { number: '101-0073', dept: '101', address: 'Bispeparken 73', unit: 'st. tv', postal: '2400', rent: 645000, tenants: [{ name: 'Lone Kristensen', cpr: '011166-3334' }] },
  { number: '101-0090', dept: '101', address: 'Bispeparken 90', unit: '2. th', postal: '2400', rent: 698000, tenants: [{ name: 'Mikkel Olsen', cpr: '090993-4445' }] },
  { number: '114-0011', dept: '114', address: 'Søpassagen 11', unit: '4. th', postal: '2000', rent: 901000, tenants: [{ name: 'Sara Poulsen', cpr: '170587-5556' }] },
  { number: '114-0024', dept: '114', address: 'Søpassagen 24', unit: '2. mf', postal: '2000', rent: 812000, tenants: [{ name: 'Omar Yilmaz', cpr: '280979-6667' }, { name: 'Elif Yilmaz', cpr: '050382-6668' }] },
  { number: '114-0036', dept: '114', address: 'Søpassagen 36', unit: '1. tv', postal: '2000', rent: 768000, tenants: [{ name: 'Birgitte Holm', cpr: '300358-7778' }] },
  { number: '207-0140', dept: '207', address: 'Hedelyngen 140', unit: '2. tv', postal: '2650', rent: 566000, tenants: [{ name: 'Thomas Berg', cpr: '121288-8889' }] },
  { number: '312-0305', dept: '312', address: 'Strandparken 305', unit: '5. th', postal: '2660', rent: 702000, tenants: [{ name: 'Nadia Rasmussen', cpr: '241096-9990' }] },
];

export const DEMO_CASES: DemoCase[] = [
  {
    tenancy: '101-0012',
    assign: 'counsellor',
    stage: 'demand',
    arrearsMonths: 1,
    children: 2,
    dates: { oldestDueDate: -24, demandSentDate: -12 },
    contacts: [
      { daysAgo: 10, channel: 'letter', reached: false },
      { daysAgo: 6, channel: 'phone', reached: false },
    ],
    tasks: [{ title: 'Hjemmebesøg hos familien', dueIn: 1 }],
  },
  {
    tenancy: '101-0047',
    assign: 'counsellor',
    stage: 'termination',
    arrearsMonths: 2.5,
    children: 3,
    dates: { oldestDueDate: -70, demandSentDate: -50, terminationDate: -6 },
    contacts: [
      { daysAgo: 40, channel: 'sms', reached: false },
      { daysAgo: 20, channel: 'home_visit', reached: true, summary: 'Mødt hjemme; aftalt budgetsamtale' },
    ],
    tasks: [
      { title: 'Ansøg kommunen om enkeltydelse (§ 81)', dueIn: -2 },
      { title: 'Indhent lønsedler', dueIn: 3 },
    ],
    budget: [
      { kind: 'income', label: 'Løn (nettoløn)', kroner: 19850 },
      { kind: 'income', label: 'Børne- og ungeydelse', kroner: 5040, frequency: 'quarterly' },
      { kind: 'expense', label: 'Husleje', kroner: 7040 },
      { kind: 'expense', label: 'El og varme', kroner: 1250 },
      { kind: 'expense', label: 'Mad og fornødenheder', kroner: 7500 },
    ],
    debts: [
      { creditor: 'Boligforeningen (restance)', kind: 'rent', kroner: 17600 },
      { creditor: 'Gældsstyrelsen', kind: 'public', kroner: 12400 },
      { creditor: 'Forbrugslån', kind: 'consumer', kroner: 23000 },
    ],
    application: { kind: 'municipal_aid', status: 'submitted' },
    note: 'Familien er motiveret. Far har fået nyt job fra næste måned.',
  },
  {
    tenancy: '114-0003',
    assign: 'counsellor',
    stage: 'eviction_scheduled',
    arrearsMonths: 4,
    dates: { oldestDueDate: -150, demandSentDate: -125, terminationDate: -100, legalHandoverDate: -88, courtFiledDate: -40, evictionDate: 19 },
    contacts: [{ daysAgo: 35, channel: 'letter', reached: false }],
    tasks: [{ title: 'Kontakt kommunens kontaktperson om udsættelsen', dueIn: 0 }],
  },
  {
    tenancy: '101-0031',
    assign: 'counsellor',
    stage: 'arrears',
    arrearsMonths: 1,
    dates: { oldestDueDate: -2 },
  },
  {
    tenancy: '101-0058',
    assign: 'counsellor',
    stage: 'demand',
    arrearsMonths: 1.4,
    children: 1,
    dates: { oldestDueDate: -30, demandSentDate: -17 },
    contacts: [{ daysAgo: 8, channel: 'meeting', reached: true, summary: 'Afdragsordning aftalt med administrationen' }],
    agreement: { instalments: 6, kroner: 1700, firstDueIn: -40, paid: 1, missed: 1, broken: true },
  },
  {
    tenancy: '101-0073',
    assign: 'none',
    stage: 'demand',
    arrearsMonths: 1,
    dates: { oldestDueDate: -16, demandSentDate: -5 },
  },
  {
    tenancy: '101-0090',
    assign: 'counsellor',
    stage: 'legal',
    arrearsMonths: 3,
    dates: { oldestDueDate: -110, demandSentDate: -90, terminationDate: -45, legalHandoverDate: -20 },
    contacts: [{ daysAgo: 60, channel: 'phone', reached: true }],
    application: { kind: 'housing_benefit', status: 'rejected' },
  },
  {
    tenancy: '114-0011',
    assign: 'counsellor',
    stage: 'arrears',
    arrearsMonths: 0.6,
    dates: { oldestDueDate: -6 },
    contacts: [{ daysAgo: 3, channel: 'sms', reached: true, summary: 'Betaler ved lønudbetaling' }],
    tasks: [{ title: 'Tjek om restancen er betalt', dueIn: 5 }],
  },
  {
    tenancy: '114-0024',
    assign: 'counsellor',
    stage: 'court',
    arrearsMonths: 3.5,
    children: 4,
    dates: { oldestDueDate: -130, demandSentDate: -110, terminationDate: -80, courtFiledDate: -9 },
    contacts: [{ daysAgo: 12, channel: 'home_visit', reached: false }],
  },
  {
    tenancy: '114-0036',
    assign: 'counsellor',
    stage: 'demand',
    arrearsMonths: 1,
    dates: { oldestDueDate: -45, demandSentDate: -33 },
    contacts: [{ daysAgo: 30, channel: 'phone', reached: true }],
    agreement: { instalments: 4, kroner: 1920, firstDueIn: -20, paid: 1, missed: 0 },
    closed: 'payment_agreement',
  },
  {
    tenancy: '207-0101',
    assign: 'caseworker',
    stage: 'termination',
    arrearsMonths: 2,
    dates: { oldestDueDate: -60, demandSentDate: -40, terminationDate: -12 },
  },
  {
    tenancy: '207-0140',
    assign: 'caseworker',
    stage: 'arrears',
    arrearsMonths: 1,
    dates: { oldestDueDate: -8 },
    closed: 'paid',
  },
  {
    tenancy: '312-0220',
    assign: 'none',
    stage: 'demand',
    arrearsMonths: 1.2,
    dates: { oldestDueDate: -20, demandSentDate: -9 },
  },
  {
    tenancy: '312-0305',
    assign: 'none',
    stage: 'arrears',
    arrearsMonths: 1,
    children: 1,
    dates: { oldestDueDate: -4 },
  },
];
