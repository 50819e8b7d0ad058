import { REDACTED, redactDeep, scrubString } from './redact.js';

describe('log redaction', () => {
  it('scrubs CPR-shaped numbers in any string', () => {
    expect(scrubString('lookup 010190-1234 failed')).toBe('lookup [cpr] failed');
    expect(scrubString('/api/v1/x?cpr=0101901234')).toBe('/api/v1/x?cpr=[cpr]');
    expect(scrubString('phone 12345678 ok')).toBe('phone 12345678 ok');
  });

  it('redacts sensitive keys at any depth and keeps the rest', () => {
    const out = redactDeep({
      msg: 'x',
      user: { id: 'u1', name: 'Jens Hansen', email: 'j@x.dk' },
      rows: [{ tenantCpr: '0101901234', arrearsOre: 120000, tenancyNumber: '12-3' }],
      password: 'hunter2hunter2',
    }) as Record<string, any>;
    expect(out.user).toEqual({ id: 'u1', name: REDACTED, email: REDACTED });
    expect(out.rows[0]).toEqual({ tenantCpr: REDACTED, arrearsOre: REDACTED, tenancyNumber: '12-3' });
    expect(out.password).toBe(REDACTED);
    expect(out.msg).toBe('x');
  });

  it('turns errors into plain objects with scrubbed messages', () => {
    const out = redactDeep({ err: new Error('bad cpr 010190-1234') }) as Record<string, any>;
    expect(out.err.message).toBe('bad cpr [cpr]');
  });
});

describe('newRequestId', () => {
  it('is a UUID the scrubber leaves as it is (a random UUID holds a CPR-shaped run about once in ninety)', async () => {
    const { newRequestId } = await import('./logger-options.js');
    for (let i = 0; i < 5000; i++) {
      const id = newRequestId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(scrubString(id)).toBe(id);
    }
  });
});

describe('scrubUrl', () => {
  it('replaces the value of a signed link token whole, and still scrubs CPR numbers', async () => {
    const { scrubUrl } = await import('./logger-options.js');
    expect(scrubUrl('/api/v1/partner-responses/abc?token=1796000000.c2lnbmF0dXJl&x=1')).toBe('/api/v1/partner-responses/abc?token=[redacted]&x=1');
    expect(scrubUrl('/svar/abc?foo=1&Token=zzz')).toBe('/svar/abc?foo=1&Token=[redacted]');
    expect(scrubUrl('/api/v1/persons?q=010190%201234')).toBe('/api/v1/persons?q=[cpr]');
    expect(scrubUrl('/api/v1/cases?q=tokenish')).toBe('/api/v1/cases?q=tokenish');
  });
});
