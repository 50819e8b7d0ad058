import fc from 'fast-check';
import { CONSENT_CHANNELS, consentValidity, findValidConsent, type ConsentRecord, type ConsentTarget } from './consent.js';

const consent = (patch: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id: 'c1',
  recipientPartnerId: 'dfh',
  recipientKind: 'volunteer',
  purpose: 'debt_counselling',
  dataItems: ['name', 'phone', 'email', 'preferred_language', 'case_stage', 'arrears'],
  givenAt: new Date('2026-01-10T09:30:00Z'),
  expiresOn: '2026-07-31',
  withdrawnAt: null,
  ...patch,
});

const target: ConsentTarget = { partnerId: 'dfh', partnerKind: 'volunteer', purpose: 'debt_counselling', dataItems: ['name', 'phone'] };
const at = (iso: string): Date => new Date(iso);

describe('consentValidity', () => {
  it('the channels are the documented ones', () => {
    expect(CONSENT_CHANNELS).toEqual(['written', 'verbal', 'digital']);
  });

  it('a consent for this partner, purpose and data is valid while in force', () => {
    expect(consentValidity(consent(), target, at('2026-03-01T12:00:00Z'))).toEqual({ valid: true });
    expect(consentValidity(consent({ expiresOn: null }), target, at('2030-03-01T12:00:00Z'))).toEqual({ valid: true });
    expect(consentValidity(consent(), { ...target, dataItems: undefined }, at('2026-03-01T12:00:00Z'))).toEqual({ valid: true });
  });

  it.each([
    // expiresOn, last valid instant (23:59:59 in Copenhagen), first expired instant (00:00 the day after)
    ['winter time (CET, UTC+1)', '2026-01-31', '2026-01-31T22:59:59.999Z', '2026-01-31T23:00:00.000Z'],
    ['summer time (CEST, UTC+2)', '2026-07-31', '2026-07-31T21:59:59.999Z', '2026-07-31T22:00:00.000Z'],
    ['the day before summer time starts (29 March 2026)', '2026-03-28', '2026-03-28T22:59:59.999Z', '2026-03-28T23:00:00.000Z'],
    ['the day summer time ends (25 October 2026)', '2026-10-25', '2026-10-25T22:59:59.999Z', '2026-10-25T23:00:00.000Z'],
    ['New Year', '2026-12-31', '2026-12-31T22:59:59.999Z', '2026-12-31T23:00:00.000Z'],
  ])(
    'expiry in %s: valid through the last day, expired from 00:00 Copenhagen the day after',
    (_name, expiresOn, lastValid, firstExpired) => {
      const c = consent({ givenAt: at('2026-01-01T00:00:00Z'), expiresOn });
      expect(consentValidity(c, target, at(lastValid))).toEqual({ valid: true });
      expect(consentValidity(c, target, at(firstExpired))).toEqual({ valid: false, problem: 'expired' });
    },
  );

  it('judges the last day by the Copenhagen date, not the UTC one', () => {
    // 23:59 on 31 July in Copenhagen is 21:59 UTC: the UTC date is still the 31st.
    expect(consentValidity(consent(), target, at('2026-07-31T21:59:00Z'))).toEqual({ valid: true });
    // 00:30 on 1 August in Copenhagen is 22:30 UTC on 31 July: expired although the UTC date is still the last day.
    expect(consentValidity(consent(), target, at('2026-07-31T22:30:00Z'))).toEqual({ valid: false, problem: 'expired' });
  });

  it('a withdrawn consent stops holding at the instant of withdrawal, not before', () => {
    const c = consent({ withdrawnAt: at('2026-04-02T10:00:00Z') });
    expect(consentValidity(c, target, at('2026-04-02T09:59:59.999Z'))).toEqual({ valid: true });
    expect(consentValidity(c, target, at('2026-04-02T10:00:00Z'))).toEqual({ valid: false, problem: 'withdrawn' });
    expect(consentValidity(c, target, at('2026-05-01T00:00:00Z'))).toEqual({ valid: false, problem: 'withdrawn' });
  });

  it('a consent given in the future (a clock or entry error) is not yet given', () => {
    const c = consent({ givenAt: at('2026-03-01T12:00:01Z') });
    expect(consentValidity(c, target, at('2026-03-01T12:00:00Z'))).toEqual({ valid: false, problem: 'not_yet_given' });
    expect(consentValidity(c, target, at('2026-03-01T12:00:01Z'))).toEqual({ valid: true });
  });

  it('a consent for another partner, or kind-wide for another kind, is the wrong recipient', () => {
    const now = at('2026-03-01T12:00:00Z');
    expect(consentValidity(consent({ recipientPartnerId: 'taenk' }), target, now)).toEqual({ valid: false, problem: 'wrong_recipient' });
    expect(consentValidity(consent({ recipientPartnerId: null, recipientKind: 'municipal' }), target, now)).toEqual({
      valid: false,
      problem: 'wrong_recipient',
    });
    expect(consentValidity(consent({ recipientPartnerId: null, recipientKind: null }), target, now)).toEqual({
      valid: false,
      problem: 'wrong_recipient',
    });
    expect(consentValidity(consent({ recipientPartnerId: null, recipientKind: 'volunteer' }), target, now)).toEqual({ valid: true });
  });

  it('a consent for another purpose is the wrong purpose', () => {
    expect(consentValidity(consent({ purpose: 'social_support' }), target, at('2026-03-01T12:00:00Z'))).toEqual({
      valid: false,
      problem: 'wrong_purpose',
    });
  });

  it('data the consent does not cover makes it insufficient', () => {
    const now = at('2026-03-01T12:00:00Z');
    expect(consentValidity(consent({ dataItems: ['name'] }), target, now)).toEqual({ valid: false, problem: 'missing_data_items' });
    expect(consentValidity(consent(), { ...target, dataItems: ['name', 'household'] }, now)).toEqual({
      valid: false,
      problem: 'missing_data_items',
    });
  });

  it('reports the first problem in a fixed order: recipient, purpose, not yet given, withdrawn, expired, data', () => {
    const now = at('2026-09-01T12:00:00Z');
    const everything = consent({
      recipientPartnerId: 'x',
      purpose: 'other',
      givenAt: at('2026-10-01T00:00:00Z'),
      withdrawnAt: at('2026-08-01T00:00:00Z'),
      dataItems: [],
    });
    expect(consentValidity(everything, target, now)).toEqual({ valid: false, problem: 'wrong_recipient' });
    expect(consentValidity({ ...everything, recipientPartnerId: 'dfh' }, target, now)).toEqual({ valid: false, problem: 'wrong_purpose' });
    expect(consentValidity({ ...everything, recipientPartnerId: 'dfh', purpose: 'debt_counselling' }, target, now)).toEqual({
      valid: false,
      problem: 'not_yet_given',
    });
    const given = { ...everything, recipientPartnerId: 'dfh', purpose: 'debt_counselling' as const, givenAt: at('2026-01-01T00:00:00Z') };
    expect(consentValidity(given, target, now)).toEqual({ valid: false, problem: 'withdrawn' });
    expect(consentValidity({ ...given, withdrawnAt: null }, target, now)).toEqual({ valid: false, problem: 'expired' });
    expect(consentValidity({ ...given, withdrawnAt: null, expiresOn: null }, target, now)).toEqual({
      valid: false,
      problem: 'missing_data_items',
    });
  });

  it('throws on corrupt input rather than guessing', () => {
    expect(() => consentValidity(consent({ expiresOn: '2026-02-30' }), target, at('2026-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => consentValidity(consent(), target, new Date(NaN))).toThrow(RangeError);
    expect(() => consentValidity(consent({ givenAt: new Date('x') }), target, at('2026-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('property: a valid consent stays valid earlier back to when it was given, and an expired one stays expired later', () => {
    const start = Date.parse('2025-06-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 * 86_400_000 }), fc.integer({ min: 0, max: 800 * 86_400_000 }), (a, b) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const c = consent({ givenAt: new Date(start), expiresOn: '2026-07-31', withdrawnAt: null });
        const later = consentValidity(c, target, new Date(start + t2));
        if (later.valid) expect(consentValidity(c, target, new Date(start + t1))).toEqual({ valid: true });
        const earlier = consentValidity(c, target, new Date(start + t1));
        if (!earlier.valid) expect(later).toEqual(earlier);
      }),
    );
  });
});

describe('findValidConsent', () => {
  const now = at('2026-03-01T12:00:00Z');

  it('prefers a partner-specific consent over a kind-wide one, even an older one', () => {
    const kindWide = consent({ id: 'kind', recipientPartnerId: null, recipientKind: 'volunteer', givenAt: at('2026-02-20T00:00:00Z') });
    const specific = consent({ id: 'specific', givenAt: at('2026-01-05T00:00:00Z') });
    expect(findValidConsent([kindWide, specific], target, now)).toEqual({ consent: specific, problems: [] });
    expect(findValidConsent([specific, kindWide], target, now)).toEqual({ consent: specific, problems: [] });
  });

  it('among equals takes the latest given, then the smallest id', () => {
    const older = consent({ id: 'a', givenAt: at('2026-01-05T00:00:00Z') });
    const newer = consent({ id: 'b', givenAt: at('2026-02-05T00:00:00Z') });
    const twin = consent({ id: 'a2', givenAt: at('2026-02-05T00:00:00Z') });
    expect(findValidConsent([older, newer], target, now).consent?.id).toBe('b');
    expect(findValidConsent([newer, twin, older], target, now).consent?.id).toBe('a2');
    expect(findValidConsent([twin, newer, older], target, now).consent?.id).toBe('a2');
  });

  it('skips invalid consents when a valid one exists', () => {
    const expired = consent({ id: 'old', expiresOn: '2026-02-01', givenAt: at('2026-02-01T00:00:00Z') });
    const kindWide = consent({ id: 'kind', recipientPartnerId: null });
    expect(findValidConsent([expired, kindWide], target, now)).toEqual({ consent: kindWide, problems: [] });
  });

  it('without a valid one, lists every consent with its problem in input order', () => {
    const list = [
      consent({ id: 'expired', expiresOn: '2026-02-28' }),
      consent({ id: 'withdrawn', withdrawnAt: at('2026-02-15T08:00:00Z') }),
      consent({ id: 'other-partner', recipientPartnerId: 'taenk' }),
      consent({ id: 'other-kind', recipientPartnerId: null, recipientKind: 'municipal' }),
      consent({ id: 'other-purpose', purpose: 'housing_advice' }),
      consent({ id: 'too-little', dataItems: ['name'] }),
      consent({ id: 'future', givenAt: at('2026-03-02T00:00:00Z') }),
    ];
    expect(findValidConsent(list, target, now)).toEqual({
      consent: null,
      problems: [
        { consentId: 'expired', problem: 'expired' },
        { consentId: 'withdrawn', problem: 'withdrawn' },
        { consentId: 'other-partner', problem: 'wrong_recipient' },
        { consentId: 'other-kind', problem: 'wrong_recipient' },
        { consentId: 'other-purpose', problem: 'wrong_purpose' },
        { consentId: 'too-little', problem: 'missing_data_items' },
        { consentId: 'future', problem: 'not_yet_given' },
      ],
    });
  });

  it('no consents at all: none, and no problems to report', () => {
    expect(findValidConsent([], target, now)).toEqual({ consent: null, problems: [] });
  });
});
