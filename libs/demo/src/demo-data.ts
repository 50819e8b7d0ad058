import type { Role } from '@forebyg/core';

/** A small, fictional organisation in real Copenhagen-area municipalities. */
export const DEMO_ORGANISATION = 'Boligforeningen Forebyg (demo)';

export const DEMO_DEPARTMENTS = [
  { code: '101', name: 'Bispeparken Syd', municipalityCode: '101' },
  { code: '114', name: 'Søpassagen', municipalityCode: '147' },
  { code: '207', name: 'Hedelyngen Vest', municipalityCode: '167' },
  { code: '312', name: 'Strandparken', municipalityCode: '153' },
] as const;

/** Passes the password policy; printed at start so a new user can log in. Demo installs only. */
export const DEMO_PASSWORD = 'Forebyg-demo-2026!';

export const DEMO_USERS: { email: string; name: string; role: Role; departments: string[] }[] = [
  { email: 'admin@forebyg.local', name: 'Anne Administrator', role: 'admin', departments: [] },
  { email: 'raadgiver@forebyg.local', name: 'Rasmus Rådgiver', role: 'counsellor', departments: ['101', '114'] },
  { email: 'sagsbehandler@forebyg.local', name: 'Sofie Sagsbehandler', role: 'caseworker', departments: ['101', '114', '207'] },
  { email: 'ejendom@forebyg.local', name: 'Erik Ejendomsadministrator', role: 'property_manager', departments: ['101', '114', '207', '312'] },
];

/** Fictional tenants; the CPR numbers are valid in form (real dates) but made up. */
export const DEMO_TENANCIES = [
  { number: '101-0012', dept: '101', address: 'Bispeparken 12', unit: '2. tv', postal: '2400', rent: 612500, tenants: [{ name: 'Maja Jensen', cpr: '120385-1234' }] },
  { number: '101-0047', dept: '101', address: 'Bispeparken 47', unit: 'st. th', postal: '2400', rent: 704000, tenants: [{ name: 'Ali Hassan', cpr: '030778-2345' }, { name: 'Leyla Hassan', cpr: '191180-2468' }] },
  { number: '114-0003', dept: '114', address: 'Søpassagen 3', unit: '1. mf', postal: '2000', rent: 855000, tenants: [{ name: 'Peter Nielsen', cpr: '250562-3111' }] },
  { number: '207-0101', dept: '207', address: 'Hedelyngen 101', unit: '4. tv', postal: '2650', rent: 598000, tenants: [{ name: 'Camilla Larsen', cpr: '070795-4022' }] },
  { number: '312-0220', dept: '312', address: 'Strandparken 220', unit: '3. th', postal: '2660', rent: 671000, tenants: [{ name: 'Jonas Petersen', cpr: '310899-1357' }] },
];

/**
 * Help the demo organisation routes tenants to: its own debt counselling (two of the four departments), the contact
 * points of the municipalities of its departments, and volunteer organisations with capacity and waiting lists.
 * Fictional names and addresses; e-mail as channel (a new install has no webhook receivers), so the mails show up
 * in the local mail catcher.
 */
export const DEMO_PARTNERS: {
  kind: 'own_counselling' | 'municipal' | 'volunteer' | 'other';
  name: string;
  email: string;
  departments?: string[];
  municipalityCode?: string;
  contactKind?: 'person' | 'team' | 'single_entry';
  contactName?: string;
  openingHours?: string;
  areas?: string[];
  services?: ('debt_counselling' | 'municipal_aid' | 'housing_advice' | 'social_support' | 'other')[];
  languages?: string[];
  capacity?: number;
  waitingDays?: number;
  accredited?: boolean;
}[] = [
  { kind: 'own_counselling', name: 'Forebygs egen gældsrådgivning', email: 'gaeldsraadgivning@forebyg.local', departments: ['101', '114'], languages: ['da', 'en', 'ar'] },
  { kind: 'municipal', name: 'Københavns Kommune, Udsættelsesteamet', email: 'udsaettelse.kk@forebyg.local', municipalityCode: '101', contactKind: 'team', openingHours: 'Man–tor 9–15, fre 9–13' },
  { kind: 'municipal', name: 'Frederiksberg Kommune, Borgerservice', email: 'borgerservice.frb@forebyg.local', municipalityCode: '147', contactKind: 'single_entry', openingHours: 'Hverdage 10–15' },
  { kind: 'municipal', name: 'Hvidovre Kommune, kontaktperson for udsættelser', email: 'kontakt.hvidovre@forebyg.local', municipalityCode: '167', contactKind: 'person', contactName: 'Mette Holm', openingHours: 'Tirsdag og torsdag 9–12' },
  { kind: 'volunteer', name: 'Frivillig Gældsrådgivning Hovedstaden', email: 'henvisning@frivillig-gaeld.local', areas: ['101', '147', '167', '153'], services: ['debt_counselling'], languages: ['da', 'en'], capacity: 3, waitingDays: 14, accredited: true },
  { kind: 'volunteer', name: 'Gældshjælp for alle', email: 'kontakt@gaeldshjaelp.local', areas: [], services: ['debt_counselling', 'social_support'], languages: ['da', 'ar', 'tr'], capacity: 0, waitingDays: 60, accredited: true },
];
