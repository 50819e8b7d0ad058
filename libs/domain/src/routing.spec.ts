import fc from 'fast-check';
import { RISK_LEVELS } from './risk-weights.js';
import {
  autoProposals,
  compareRecommendations,
  DEFAULT_ROUTING_RULES,
  PARTNER_KINDS,
  recommend,
  REFERRAL_PURPOSES,
  type Recommendation,
  type RoutingCase,
  type RoutingPartner,
  type RoutingRule,
  type RoutingRules,
} from './routing.js';
import { parseRoutingRules } from './routing-rules-schema.js';
import { STAGES } from './stages.js';

const partner = (p: Partial<RoutingPartner> & Pick<RoutingPartner, 'id' | 'name' | 'kind'>): RoutingPartner => ({
  municipalityCode: null,
  areas: [],
  departmentIds: [],
  services: [],
  languages: ['da'],
  capacity: null,
  waitingDays: null,
  accredited: false,
  requiresConsent: false,
  active: true,
  ...p,
});

/** The partners of a housing association with departments in Copenhagen (101) and Aarhus (751). */
const PARTNERS: RoutingPartner[] = [
  partner({
    id: 'own-kbh',
    name: 'Gældsrådgivningen København',
    kind: 'own_counselling',
    departmentIds: ['dep-101-a', 'dep-101-b'],
    languages: ['da', 'en'],
  }),
  partner({
    id: 'own-aar',
    name: 'Gældsrådgivningen Aarhus',
    kind: 'own_counselling',
    departmentIds: ['dep-751-a'],
    languages: ['da', 'en', 'ar'],
    capacity: 3,
    waitingDays: 0,
  }),
  partner({
    id: 'kk',
    name: 'Københavns Kommune, Én indgang',
    kind: 'municipal',
    municipalityCode: '101',
    languages: [],
    requiresConsent: true,
  }),
  partner({
    id: 'ak',
    name: 'Aarhus Kommune, Borgerservice',
    kind: 'municipal',
    municipalityCode: '751',
    languages: [],
    requiresConsent: true,
  }),
  partner({
    id: 'taenk',
    name: 'Forbrugerrådet Tænk Gældsrådgivning',
    kind: 'volunteer',
    services: ['debt_counselling'],
    languages: ['da', 'en'],
    capacity: 0,
    waitingDays: 90,
    accredited: true,
    requiresConsent: true,
  }),
  partner({
    id: 'paa-fode',
    name: "KFUM's På Fode Igen",
    kind: 'volunteer',
    areas: ['101', '147'],
    services: ['debt_counselling', 'social_support'],
    capacity: 4,
    waitingDays: 0,
    accredited: true,
    requiresConsent: true,
  }),
  partner({
    id: 'dfh',
    name: 'Dansk Folkehjælp Gældsrådgivning',
    kind: 'volunteer',
    areas: ['751', '101'],
    services: ['debt_counselling'],
    languages: ['da', 'en', 'ar', 'so'],
    capacity: 2,
    waitingDays: 14,
    accredited: true,
    requiresConsent: true,
  }),
  partner({
    id: 'lejer',
    name: 'Lejerrådgivningen København',
    kind: 'other',
    areas: ['101'],
    services: ['housing_advice'],
    waitingDays: 7,
    requiresConsent: true,
  }),
  partner({
    id: 'closed',
    name: 'Aaa Gældshjælp (lukket)',
    kind: 'volunteer',
    services: ['debt_counselling'],
    capacity: 10,
    accredited: true,
    active: false,
  }),
];

const base: RoutingCase = {
  stage: 'arrears',
  daysLeft: null,
  riskLevel: 'low',
  riskScore: 10,
  municipalityCode: '101',
  departmentId: 'dep-101-a',
  childrenInHousehold: 0,
  preferredLanguage: 'da',
  consents: [],
  activeReferralPartnerIds: [],
};

const disable = (...ids: string[]): RoutingRules => ({
  ...DEFAULT_ROUTING_RULES,
  rules: DEFAULT_ROUTING_RULES.rules.map((r) => (ids.includes(r.id) ? { ...r, enabled: false } : r)),
});

/** [partner id, rule id, score, reason codes] per recommendation, in rank order. */
type Row = [string, string, number, string[]];
const rows = (recs: Recommendation[]): Row[] => recs.map((r) => [r.partnerId, r.ruleId, r.score, r.reasons.map((x) => x.code)]);

// Reason code lists that recur.
const OWN = ['rule_matched', 'covers_department', 'language_match'];
const MUNI = ['rule_matched', 'serves_municipality', 'language_match', 'consent_needed'];
const TAENK = ['rule_matched', 'serves_whole_country', 'language_match', 'no_capacity', 'waiting_list', 'accredited', 'consent_needed'];
const PAA_FODE = ['rule_matched', 'serves_municipality', 'language_match', 'has_capacity', 'accredited', 'consent_needed'];
const DFH = ['rule_matched', 'serves_municipality', 'language_match', 'has_capacity', 'waiting_list', 'accredited', 'consent_needed'];
const LEJER = ['rule_matched', 'serves_municipality', 'language_match', 'waiting_list', 'consent_needed'];

describe('recommend: realistic cases with the default rules', () => {
  const cases: [string, RoutingCase, Row[], RoutingRules?, RoutingPartner[]?][] = [
    [
      'a family with two children at the court stage in Copenhagen (101)',
      { ...base, stage: 'court', daysLeft: 20, riskLevel: 'high', riskScore: 70, childrenInHousehold: 2 },
      [
        ['own-kbh', 'own-debt-counselling', 90, OWN], // 80 + 10 Danish
        ['kk', 'municipal-aid-from-demand', 80, [...MUNI, 'children_in_household']], // 60 + 10 + 10 children; first of two equal rules
        ['paa-fode', 'volunteer-debt-counselling', 75, PAA_FODE], // 50 + 10 + 10 free places + 5 accredited
        ['dfh', 'volunteer-debt-counselling', 71, DFH], // 50 + 10 + 10 - 4 (2 weeks) + 5
        ['lejer', 'housing-advice-after-termination', 48, LEJER], // 40 + 10 - 2 (1 week)
        ['taenk', 'volunteer-debt-counselling', 14, TAENK], // 50 + 10 - 25 full - 26 (13 weeks) + 5
      ],
    ],
    [
      'an English-speaking tenant at the demand stage in Aarhus (751), 10 days left',
      {
        ...base,
        stage: 'demand',
        daysLeft: 10,
        riskLevel: 'medium',
        riskScore: 35,
        municipalityCode: '751',
        departmentId: 'dep-751-a',
        preferredLanguage: 'en',
      },
      [
        ['own-aar', 'own-debt-counselling', 115, [...OWN, 'has_capacity', 'urgent']], // 80 + 10 + 10 + 15
        ['ak', 'municipal-aid-from-demand', 75, ['rule_matched', 'serves_municipality', 'language_mismatch', 'consent_needed', 'urgent']], // 60 + 0 + 15
        ['dfh', 'volunteer-debt-counselling', 71, DFH], // waiting list: not urgent-ready
        ['taenk', 'volunteer-debt-counselling', 14, TAENK],
      ],
    ],
    [
      'a department the own counselling does not cover (dep-101-z): only volunteers',
      { ...base, departmentId: 'dep-101-z', riskLevel: 'medium', riskScore: 30 },
      [
        ['paa-fode', 'volunteer-debt-counselling', 75, PAA_FODE],
        ['dfh', 'volunteer-debt-counselling', 71, DFH],
        ['taenk', 'volunteer-debt-counselling', 14, TAENK],
      ],
    ],
    [
      'low risk at the arrears stage: only the own counselling (volunteers from medium risk)',
      base,
      [['own-kbh', 'own-debt-counselling', 90, OWN]],
    ],
    [
      'a volunteer with free places beats a full one with a 90-day waiting list',
      { ...base, riskLevel: 'medium', riskScore: 40 },
      [
        ['own-kbh', 'own-debt-counselling', 90, OWN],
        ['paa-fode', 'volunteer-debt-counselling', 75, PAA_FODE],
        ['dfh', 'volunteer-debt-counselling', 71, DFH],
        ['taenk', 'volunteer-debt-counselling', 14, TAENK],
      ],
    ],
    [
      'an inactive partner is never proposed, even when it would rank first',
      { ...base, riskLevel: 'medium', riskScore: 40, departmentId: 'dep-101-z' },
      [
        ['paa-fode', 'volunteer-debt-counselling', 75, PAA_FODE],
        ['dfh', 'volunteer-debt-counselling', 71, DFH],
        ['taenk', 'volunteer-debt-counselling', 14, TAENK],
      ],
      DEFAULT_ROUTING_RULES,
      PARTNERS.map((p) => (p.id === 'closed' ? { ...p, waitingDays: 0 } : p)),
    ],
    [
      'the own-counselling and volunteer debt rules disabled: no own counselling, and volunteers fall back to social support',
      { ...base, stage: 'court', daysLeft: 20, riskLevel: 'high', riskScore: 70 },
      [
        ['kk', 'municipal-aid-from-demand', 70, MUNI],
        ['paa-fode', 'volunteer-social-support', 55, PAA_FODE], // 30 + 10 + 10 + 5
        ['lejer', 'housing-advice-after-termination', 48, LEJER],
      ],
      disable('own-debt-counselling', 'volunteer-debt-counselling'),
    ],
    [
      '5 days to the termination taking effect: partners without a waiting list get the urgency bonus',
      { ...base, stage: 'termination', daysLeft: 5, riskLevel: 'high', riskScore: 60 },
      [
        ['own-kbh', 'own-debt-counselling', 105, [...OWN, 'urgent']],
        ['paa-fode', 'volunteer-debt-counselling', 90, [...PAA_FODE, 'urgent']],
        ['kk', 'municipal-aid-from-demand', 85, [...MUNI, 'urgent']],
        ['dfh', 'volunteer-debt-counselling', 71, DFH],
        ['lejer', 'housing-advice-after-termination', 48, LEJER],
        ['taenk', 'volunteer-debt-counselling', 14, TAENK],
      ],
    ],
    [
      'a kind-wide volunteer consent on file for debt counselling; a partner consent for another purpose does not count',
      {
        ...base,
        riskLevel: 'medium',
        riskScore: 40,
        departmentId: 'dep-101-z',
        consents: [
          { partnerId: null, partnerKind: 'volunteer', purpose: 'debt_counselling' },
          { partnerId: 'kk', partnerKind: 'municipal', purpose: 'social_support' },
        ],
      },
      [
        ['paa-fode', 'volunteer-debt-counselling', 80, [...PAA_FODE.slice(0, -1), 'consent_on_file']],
        ['dfh', 'volunteer-debt-counselling', 76, [...DFH.slice(0, -1), 'consent_on_file']],
        ['taenk', 'volunteer-debt-counselling', 19, [...TAENK.slice(0, -1), 'consent_on_file']],
      ],
    ],
    [
      'the partner already referred stays in the list, flagged and ranked last',
      {
        ...base,
        stage: 'court',
        daysLeft: 20,
        riskLevel: 'high',
        riskScore: 70,
        childrenInHousehold: 2,
        activeReferralPartnerIds: ['own-kbh', 'taenk'],
      },
      [
        ['kk', 'municipal-aid-from-demand', 80, [...MUNI, 'children_in_household']],
        ['paa-fode', 'volunteer-debt-counselling', 75, PAA_FODE],
        ['dfh', 'volunteer-debt-counselling', 71, DFH],
        ['lejer', 'housing-advice-after-termination', 48, LEJER],
        ['own-kbh', 'own-debt-counselling', 90, [...OWN, 'already_referred']],
        ['taenk', 'volunteer-debt-counselling', 14, [...TAENK, 'already_referred']],
      ],
    ],
    [
      'an Arabic-speaking family at the arrears stage in Aarhus: the children rule brings in the municipality',
      {
        ...base,
        riskLevel: 'high',
        riskScore: 55,
        municipalityCode: '751',
        departmentId: 'dep-751-a',
        childrenInHousehold: 1,
        preferredLanguage: 'ar',
      },
      [
        ['own-aar', 'own-debt-counselling', 100, [...OWN, 'has_capacity']],
        ['dfh', 'volunteer-debt-counselling', 71, DFH],
        [
          'ak',
          'municipal-aid-children',
          70,
          ['rule_matched', 'serves_municipality', 'language_mismatch', 'consent_needed', 'children_in_household'],
        ],
        ['taenk', 'volunteer-debt-counselling', 4, [...TAENK.slice(0, 2), 'language_mismatch', ...TAENK.slice(3)]],
      ],
    ],
    [
      'Frederiksberg (147), critical risk: no own counselling or contact point there, a volunteer serving 147 and a national one',
      { ...base, riskLevel: 'critical', riskScore: 85, municipalityCode: '147', departmentId: 'dep-147-a' },
      [
        ['paa-fode', 'volunteer-debt-counselling', 75, PAA_FODE],
        ['taenk', 'volunteer-debt-counselling', 14, TAENK],
      ],
    ],
    [
      'a last-minute volunteer rule (at most 7 days left) outweighs the general one when it applies',
      { ...base, stage: 'demand', daysLeft: 7, riskLevel: 'medium', riskScore: 45, departmentId: 'dep-101-z', preferredLanguage: 'en-GB' },
      [
        [
          'paa-fode',
          'volunteer-last-minute',
          100,
          ['rule_matched', 'serves_municipality', 'language_mismatch', 'has_capacity', 'accredited', 'consent_needed', 'urgent'],
        ],
        ['dfh', 'volunteer-last-minute', 91, DFH], // 70 + 10 (en-GB ~ en) + 10 - 4 + 5
        ['kk', 'municipal-aid-from-demand', 75, ['rule_matched', 'serves_municipality', 'language_mismatch', 'consent_needed', 'urgent']],
        ['taenk', 'volunteer-last-minute', 34, TAENK],
      ],
      {
        ...DEFAULT_ROUTING_RULES,
        rules: [
          ...DEFAULT_ROUTING_RULES.rules,
          { ...DEFAULT_ROUTING_RULES.rules[3]!, id: 'volunteer-last-minute', label: 'Sidste øjeblik', maxDaysLeft: 7, weight: 70 },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (_name, c, expected, rules = DEFAULT_ROUTING_RULES, partners = PARTNERS) => {
    expect(rows(recommend(c, partners, rules))).toEqual(expected);
  });

  it('the last-minute rule does not apply when days left are unknown', () => {
    const rules = { ...DEFAULT_ROUTING_RULES, rules: [{ ...DEFAULT_ROUTING_RULES.rules[3]!, id: 'last', maxDaysLeft: 7, weight: 70 }] };
    expect(recommend({ ...base, riskLevel: 'medium', daysLeft: null }, PARTNERS, rules)).toEqual([]);
    expect(recommend({ ...base, riskLevel: 'medium', daysLeft: 8 }, PARTNERS, rules)).toEqual([]);
    expect(recommend({ ...base, riskLevel: 'medium', daysLeft: 7 }, PARTNERS, rules).map((r) => r.partnerId)).toEqual([
      'paa-fode',
      'dfh',
      'taenk',
    ]);
  });

  it('reports the reason details and the consent flags', () => {
    const c: RoutingCase = {
      ...base,
      stage: 'court',
      daysLeft: 20,
      riskLevel: 'high',
      childrenInHousehold: 2,
      consents: [{ partnerId: 'dfh', partnerKind: 'volunteer', purpose: 'debt_counselling' }],
    };
    const recs = recommend(c, PARTNERS, DEFAULT_ROUTING_RULES);
    const dfh = recs.find((r) => r.partnerId === 'dfh')!;
    expect(dfh).toEqual({
      partnerId: 'dfh',
      partnerName: 'Dansk Folkehjælp Gældsrådgivning',
      partnerKind: 'volunteer',
      purpose: 'debt_counselling',
      ruleId: 'volunteer-debt-counselling',
      score: 76,
      needsConsent: true,
      consentOnFile: true,
      alreadyReferred: false,
      reasons: [
        { code: 'rule_matched', params: { ruleId: 'volunteer-debt-counselling', purpose: 'debt_counselling' }, points: 50 },
        { code: 'serves_municipality', params: { municipalityCode: '101' }, points: 0 },
        { code: 'language_match', params: { language: 'da' }, points: 10 },
        { code: 'has_capacity', params: { capacity: 2 }, points: 10 },
        { code: 'waiting_list', params: { days: 14, weeks: 2 }, points: -4 },
        { code: 'accredited', points: 5 },
        { code: 'consent_on_file', points: 5 },
      ],
    });
    const kk = recs.find((r) => r.partnerId === 'kk')!;
    expect([kk.needsConsent, kk.consentOnFile, kk.reasons.at(-1)]).toEqual([
      true,
      false,
      { code: 'children_in_household', params: { children: 2 }, points: 10 },
    ]);
    const own = recs.find((r) => r.partnerId === 'own-kbh')!;
    expect([own.needsConsent, own.consentOnFile, own.purpose]).toEqual([false, false, 'debt_counselling']);
  });

  it('equal scores are ordered by name in Danish collation (Z < Æ < Ø < Å = Aa)', () => {
    const names = [
      'Aarhus Gældsrådgivning',
      'Østerbro Gældshjælp',
      'Zealand Debt Aid',
      'Åbyhøj Hjælp',
      'Ældre Sagen Rådgivning',
      'Bispebjerg Frivillige',
    ];
    const ps = names.map((name, i) => partner({ id: `v${i}`, name, kind: 'volunteer', services: ['debt_counselling'] }));
    const recs = recommend({ ...base, riskLevel: 'medium' }, ps, DEFAULT_ROUTING_RULES);
    expect(recs.map((r) => r.partnerName)).toEqual([
      'Bispebjerg Frivillige',
      'Zealand Debt Aid',
      'Ældre Sagen Rådgivning',
      'Østerbro Gældshjælp',
      'Åbyhøj Hjælp',
      'Aarhus Gældsrådgivning',
    ]);
  });

  it('own counselling and municipal partners with no services offer every purpose of theirs; volunteers with none offer nothing', () => {
    const rules: RoutingRules = {
      ...DEFAULT_ROUTING_RULES,
      rules: PARTNER_KINDS.map((kind, i) => ({
        ...DEFAULT_ROUTING_RULES.rules[0]!,
        id: `r${i}`,
        partnerKind: kind,
        purpose: 'housing_advice',
      })),
    };
    const ps = [
      partner({ id: 'o', name: 'O', kind: 'own_counselling', departmentIds: ['dep-101-a'] }),
      partner({ id: 'm', name: 'M', kind: 'municipal', municipalityCode: '101' }),
      partner({ id: 'v', name: 'V', kind: 'volunteer' }),
      partner({ id: 'x', name: 'X', kind: 'other' }),
      partner({ id: 'm2', name: 'M2', kind: 'municipal', municipalityCode: '101', services: ['municipal_aid'] }),
    ];
    expect(recommend(base, ps, rules).map((r) => r.partnerId)).toEqual(['m', 'o']);
  });

  it('autoProposals takes the best not-yet-referred, at most maxProposals', () => {
    const recs = recommend(
      { ...base, stage: 'court', daysLeft: 20, riskLevel: 'high', childrenInHousehold: 2, activeReferralPartnerIds: ['own-kbh'] },
      PARTNERS,
      DEFAULT_ROUTING_RULES,
    );
    expect(autoProposals(recs, DEFAULT_ROUTING_RULES.auto).map((r) => r.partnerId)).toEqual(['kk', 'paa-fode']);
    expect(autoProposals(recs, { ...DEFAULT_ROUTING_RULES.auto, maxProposals: 0 })).toEqual([]);
  });
});

describe('recommend: properties', () => {
  const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
  const municipalities = ['101', '147', '751'];
  const departments = ['d1', 'd2', 'd3'];
  const langs = ['da', 'en', 'ar', 'EN-gb'];
  const partnerArb = (id: string): fc.Arbitrary<RoutingPartner> =>
    fc.record({
      id: fc.constant(id),
      name: fc.constantFrom('Alfa', 'Ærø', 'Østerbro', 'Aabenraa', 'Zebra', 'alfa'),
      kind: fc.constantFrom(...PARTNER_KINDS),
      municipalityCode: fc.option(fc.constantFrom(...municipalities), { nil: null }),
      areas: fc.subarray(municipalities),
      departmentIds: fc.subarray(departments),
      services: fc.subarray([...REFERRAL_PURPOSES]),
      languages: fc.subarray(langs),
      capacity: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      waitingDays: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      accredited: fc.boolean(),
      requiresConsent: fc.boolean(),
      active: fc.boolean(),
    });
  const partnersArb = fc.subarray(ids).chain((chosen) => fc.tuple(...chosen.map(partnerArb)));
  const ruleArb: fc.Arbitrary<RoutingRule> = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd'),
    label: fc.constant('rule'),
    enabled: fc.boolean(),
    partnerKind: fc.constantFrom(...PARTNER_KINDS),
    purpose: fc.constantFrom(...REFERRAL_PURPOSES),
    stages: fc.subarray([...STAGES]),
    minRiskLevel: fc.option(fc.constantFrom(...RISK_LEVELS), { nil: null }),
    maxDaysLeft: fc.option(fc.integer({ min: -5, max: 30 }), { nil: null }),
    onlyWithChildren: fc.boolean(),
    weight: fc.integer({ min: 0, max: 100 }),
  });
  const prefsArb = fc.record({
    languageMatchBonus: fc.integer({ min: 0, max: 100 }),
    capacityBonus: fc.integer({ min: 0, max: 100 }),
    noCapacityPenalty: fc.integer({ min: 0, max: 100 }),
    waitingPenaltyPerWeek: fc.integer({ min: 0, max: 100 }),
    accreditedBonus: fc.integer({ min: 0, max: 100 }),
    consentOnFileBonus: fc.integer({ min: 0, max: 100 }),
    childrenBonus: fc.integer({ min: 0, max: 100 }),
    urgencyBonus: fc.integer({ min: 0, max: 100 }),
  });
  const rulesArb: fc.Arbitrary<RoutingRules> = fc.record({
    rules: fc.array(ruleArb, { maxLength: 6 }),
    preferences: prefsArb,
    auto: fc.constant(DEFAULT_ROUTING_RULES.auto),
  });
  const caseArb: fc.Arbitrary<RoutingCase> = fc.record({
    stage: fc.constantFrom(...STAGES),
    daysLeft: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }),
    riskLevel: fc.constantFrom(...RISK_LEVELS),
    riskScore: fc.integer({ min: 0, max: 100 }),
    municipalityCode: fc.constantFrom(...municipalities),
    departmentId: fc.constantFrom(...departments),
    childrenInHousehold: fc.integer({ min: 0, max: 4 }),
    preferredLanguage: fc.constantFrom(...langs, ''),
    consents: fc.array(
      fc.record({
        partnerId: fc.option(fc.constantFrom(...ids), { nil: null }),
        partnerKind: fc.option(fc.constantFrom(...PARTNER_KINDS), { nil: null }),
        purpose: fc.constantFrom(...REFERRAL_PURPOSES),
      }),
      { maxLength: 3 },
    ),
    activeReferralPartnerIds: fc.subarray(ids),
  });

  const eligible = (c: RoutingCase, p: RoutingPartner): boolean =>
    p.kind === 'own_counselling'
      ? p.departmentIds.includes(c.departmentId)
      : p.kind === 'municipal'
        ? p.municipalityCode === c.municipalityCode
        : p.areas.length === 0 || p.areas.includes(c.municipalityCode);

  it('is deterministic and independent of the order partners are given in', () => {
    fc.assert(
      fc.property(caseArb, partnersArb, rulesArb, (c, ps, rules) => {
        const once = recommend(c, ps, rules);
        expect(recommend(c, ps, rules)).toEqual(once);
        expect(recommend(c, [...ps].reverse(), rules)).toEqual(once);
      }),
    );
  });

  it('is sorted: not yet referred first, then by score, name and id', () => {
    fc.assert(
      fc.property(caseArb, partnersArb, rulesArb, (c, ps, rules) => {
        const recs = recommend(c, ps, rules);
        for (let i = 1; i < recs.length; i++) expect(compareRecommendations(recs[i - 1]!, recs[i]!)).toBeLessThan(0);
        const flags = recs.map((r) => r.alreadyReferred);
        expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
      }),
    );
  });

  it('never proposes an inactive or ineligible partner, proposes each partner at most once, and misses none', () => {
    fc.assert(
      fc.property(caseArb, partnersArb, rulesArb, (c, ps, rules) => {
        const recs = recommend(c, ps, rules);
        const byId = new Map(ps.map((p) => [p.id, p]));
        for (const r of recs) {
          const p = byId.get(r.partnerId)!;
          expect(p.active).toBe(true);
          expect(eligible(c, p)).toBe(true);
          const rule = rules.rules.find((x) => x.id === r.ruleId && x.enabled && x.partnerKind === p.kind && x.purpose === r.purpose);
          expect(rule).toBeDefined();
          expect(r.alreadyReferred).toBe(c.activeReferralPartnerIds.includes(p.id));
          expect(r.needsConsent).toBe(p.requiresConsent);
        }
        expect(new Set(recs.map((r) => r.partnerId)).size).toBe(recs.length);
        const rank = (l: string): number => RISK_LEVELS.indexOf(l as (typeof RISK_LEVELS)[number]);
        const applies = (r: RoutingRule): boolean =>
          r.enabled &&
          (r.stages.length === 0 || r.stages.includes(c.stage)) &&
          (r.minRiskLevel === null || rank(c.riskLevel) >= rank(r.minRiskLevel)) &&
          (r.maxDaysLeft === null || (c.daysLeft !== null && c.daysLeft <= r.maxDaysLeft)) &&
          (!r.onlyWithChildren || c.childrenInHousehold > 0);
        const offers = (p: RoutingPartner, purpose: string): boolean =>
          p.services.length === 0 ? p.kind === 'own_counselling' || p.kind === 'municipal' : (p.services as string[]).includes(purpose);
        const expectedIds = ps
          .filter(
            (p) => p.active && eligible(c, p) && rules.rules.some((r) => applies(r) && r.partnerKind === p.kind && offers(p, r.purpose)),
          )
          .map((p) => p.id);
        expect(recs.map((r) => r.partnerId).sort()).toEqual(expectedIds.sort());
        // Dropping every rule condition but kind and purpose can only add partners, never remove one.
        const loose = {
          ...rules,
          rules: rules.rules.map((r) => ({
            ...r,
            enabled: true,
            stages: [],
            minRiskLevel: null,
            maxDaysLeft: null,
            onlyWithChildren: false,
          })),
        };
        const looseIds = new Set(recommend(c, ps, loose).map((r) => r.partnerId));
        for (const r of recs) expect(looseIds.has(r.partnerId)).toBe(true);
      }),
    );
  });

  it('the score is exactly the sum of the reasons, each reason once, the rule weight first', () => {
    fc.assert(
      fc.property(caseArb, partnersArb, rulesArb, (c, ps, rules) => {
        for (const r of recommend(c, ps, rules)) {
          expect(r.score).toBe(r.reasons.reduce((s, x) => s + x.points, 0));
          expect(new Set(r.reasons.map((x) => x.code)).size).toBe(r.reasons.length);
          expect(r.reasons[0]).toEqual({
            code: 'rule_matched',
            params: { ruleId: r.ruleId, purpose: r.purpose },
            points: expect.any(Number),
          });
          for (const x of r.reasons) expect(Object.is(x.points, -0)).toBe(false);
        }
      }),
    );
  });
});

describe('parseRoutingRules', () => {
  const valid = (): Record<string, any> => structuredClone(DEFAULT_ROUTING_RULES) as unknown as Record<string, any>;
  const errorsOf = (input: unknown): [string, string][] => {
    const r = parseRoutingRules(input);
    if (r.ok) throw new Error('expected errors');
    return r.errors.map((e) => [e.field, e.reason]);
  };

  it('accepts the defaults as they are, dropping unknown keys', () => {
    expect(Object.isFrozen(DEFAULT_ROUTING_RULES.rules[0]!.stages)).toBe(true);
    expect(parseRoutingRules(DEFAULT_ROUTING_RULES)).toEqual({ ok: true, rules: DEFAULT_ROUTING_RULES });
    const input = valid();
    input.extra = 1;
    input.rules[0].note = 'x';
    expect(parseRoutingRules(input)).toEqual({ ok: true, rules: DEFAULT_ROUTING_RULES });
  });

  it('rejects unknown stages, kinds, purposes and risk levels with their field paths', () => {
    const input = valid();
    input.rules[0].stages = ['demand', 'foreclosure'];
    input.rules[1].partnerKind = 'bank';
    input.rules[2].purpose = 'loan';
    input.rules[3].minRiskLevel = 'extreme';
    expect(errorsOf(input)).toEqual([
      ['rules.0.stages.1', 'unknown_value'],
      ['rules.1.partnerKind', 'unknown_value'],
      ['rules.2.purpose', 'unknown_value'],
      ['rules.3.minRiskLevel', 'unknown_value'],
    ]);
  });

  it('rejects weights and preferences out of range or not whole', () => {
    const input = valid();
    input.rules[2].weight = 101;
    input.rules[4].weight = -1;
    input.rules[5].weight = 12.5;
    input.preferences.urgencyBonus = 1000;
    input.auto.maxProposals = 11;
    expect(errorsOf(input)).toEqual([
      ['rules.2.weight', 'too_big'],
      ['rules.4.weight', 'too_small'],
      ['rules.5.weight', 'invalid_type'],
      ['preferences.urgencyBonus', 'too_big'],
      ['auto.maxProposals', 'too_big'],
    ]);
  });

  it('rejects duplicate rule ids and a stage listed twice', () => {
    const input = valid();
    input.rules[3].id = input.rules[1].id;
    input.rules[0].stages = ['court', 'court'];
    expect(errorsOf(input)).toEqual([
      ['rules.0.stages', 'duplicate'],
      ['rules.3.id', 'duplicate'],
    ]);
  });

  it('reports missing parts, wrong types, blank ids and an unknown mode', () => {
    expect(errorsOf(null)).toEqual([['', 'invalid_type']]);
    expect(errorsOf({ rules: [] })).toEqual([
      ['preferences', 'required'],
      ['auto', 'required'],
    ]);
    const input = valid();
    input.rules[0].id = '  ';
    input.rules[1].enabled = 'yes';
    delete input.rules[2].label;
    input.auto.mode = 'always';
    expect(errorsOf(input)).toEqual([
      ['rules.0.id', 'too_small'],
      ['rules.1.enabled', 'invalid_type'],
      ['rules.2.label', 'required'],
      ['auto.mode', 'unknown_value'],
    ]);
  });

  it('every error has a message', () => {
    const r = parseRoutingRules({ rules: [{}], preferences: {}, auto: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) for (const e of r.errors) expect(e.message).toEqual(expect.any(String));
  });
});
