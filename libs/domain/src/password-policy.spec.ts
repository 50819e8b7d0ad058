import fc from 'fast-check';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.js';

const GOOD = 'blå-kaffekop-ved-søen';

describe('checkPassword', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(checkPassword(GOOD)).toEqual({ ok: true });
    expect(checkPassword(GOOD, { email: 'jens.hansen@aab.dk', name: 'Jens Hansen' })).toEqual({ ok: true });
  });

  describe('length', () => {
    it('minimum is 12 characters, inclusive', () => {
      expect(PASSWORD_MIN_LENGTH).toBe(12);
      expect(checkPassword('tx7#qpw!zm4v')).toEqual({ ok: true });
      expect(checkPassword('tx7#qpw!zm4')).toEqual({ ok: false, reasons: ['too_short'] });
      expect(checkPassword('')).toEqual({ ok: false, reasons: ['too_short'] });
    });

    it('counts characters, not UTF-16 units', () => {
      // 11 code points, 22 UTF-16 units: still too short.
      expect(checkPassword('🏠'.repeat(11))).toMatchObject({ ok: false, reasons: expect.arrayContaining(['too_short']) });
      // æøå are one character each.
      expect(checkPassword('æøåæøåxyzqwv')).toEqual({ ok: true });
    });

    it('maximum is 256 characters, inclusive', () => {
      const body = (n: number): string =>
        Array.from({ length: n }, (_, i) => 'kbxqz'[i % 5]! + (i % 7))
          .join('')
          .slice(0, n);
      expect(PASSWORD_MAX_LENGTH).toBe(256);
      expect(checkPassword(body(256))).toEqual({ ok: true });
      expect(checkPassword(body(257))).toEqual({ ok: false, reasons: ['too_long'] });
    });
  });

  describe('common passwords', () => {
    it.each([
      'password1234',
      'Password1234',
      'PASSWORD1234!',
      'qwertyuiop12',
      'iloveyou1234',
      'sommer2024!!!',
      'Sommer2025!!',
      'kodeord123456',
      'Velkommen1234',
      'velkommen123!',
      'adgangskode1',
      'Danmark12345',
      'København2026',
      'Kobenhavn2026',
      'correcthorsebatterystaple',
      'passwordpassword',
      'qwertyqwerty',
    ])('rejects %j', (pw) => {
      expect(checkPassword(pw)).toEqual({ ok: false, reasons: ['too_common'] });
    });

    it('rejects a single repeated character and straight digit runs', () => {
      expect(checkPassword('zzzzzzzzzzzz')).toEqual({ ok: false, reasons: ['too_common'] });
      expect(checkPassword('123456789012')).toEqual({ ok: false, reasons: ['too_common'] });
      expect(checkPassword('890123456789')).toEqual({ ok: false, reasons: ['too_common'] });
      expect(checkPassword('123456654321')).toEqual({ ok: false, reasons: ['too_common'] }); // common prefix + digits
      expect(checkPassword('qwerty!!2024')).toEqual({ ok: false, reasons: ['too_common'] });
    });

    it('does not reject a password merely containing a common word in the middle', () => {
      expect(checkPassword('min-sommer-i-skagen')).toEqual({ ok: true });
      expect(checkPassword('193847561029')).toEqual({ ok: true }); // digits, but not a run
    });

    it('reports every problem at once', () => {
      expect(checkPassword('sommer2024')).toEqual({ ok: false, reasons: ['too_short', 'too_common'] });
    });

    it('has about a hundred entries plus Danish ones, all lower-case and unique', () => {
      expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(100);
      expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
      for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
      for (const p of ['sommer2024', 'kodeord123', 'velkommen1']) expect(COMMON_PASSWORDS).toContain(p);
    });

    it('property: every list entry, in any case, with digits appended, is rejected as too common', () => {
      fc.assert(
        fc.property(fc.constantFrom(...COMMON_PASSWORDS), fc.nat({ max: 999999 }), fc.boolean(), (p, n, upper) => {
          const pw = (upper ? p.toUpperCase() : p) + String(n);
          const r = checkPassword(pw);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.reasons).toContain('too_common');
        }),
      );
    });
  });

  describe('personal information', () => {
    const ctx = { email: 'Mette.Kjaer@aab.dk', name: 'Mette Kjær-Olsen' };

    it.each([
      ['the whole email local part', 'xx-mette.kjaer-xx'],
      ['a part of the local part', 'KjaerKjaerKjaer9'],
      ['a name part, case-insensitive', 'zqMETTEzq!zq#'],
      ['a hyphenated name part', 'zq-olsen-zq-x7'],
      ['a Danish letter name part', 'xqKJÆR-olsen7'],
    ])('rejects %s', (_why, pw) => {
      expect(checkPassword(pw, ctx)).toEqual({ ok: false, reasons: ['contains_personal_info'] });
    });

    it('ignores parts shorter than 4 characters', () => {
      expect(checkPassword('bo-ib-ole-kaffekop', { email: 'bo@x.dk', name: 'Ib Ole' })).toEqual({ ok: true });
    });

    it('ignores missing or empty context', () => {
      expect(checkPassword(GOOD, {})).toEqual({ ok: true });
      expect(checkPassword(GOOD, { email: '', name: '' })).toEqual({ ok: true });
      expect(checkPassword(GOOD, { email: 'not-an-email' })).toEqual({ ok: true });
    });

    it('a plain-dashed local part counts too', () => {
      expect(checkPassword('kaffe-not-an-email-kop', { email: 'not-an-email' })).toEqual({
        ok: false,
        reasons: ['contains_personal_info'],
      });
    });
  });
});
