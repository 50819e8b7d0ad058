import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { BlindIndex, FieldCipher } from './field-cipher.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('FieldCipher', () => {
  it('round-trips any text', () => {
    const cipher = new FieldCipher([k1]);
    fc.assert(fc.property(fc.string(), (s) => cipher.decrypt(cipher.encrypt(s)) === s));
  });

  it('never stores the plaintext and uses a fresh IV each time', () => {
    const cipher = new FieldCipher([k1]);
    const a = cipher.encrypt('0101901234');
    const b = cipher.encrypt('0101901234');
    expect(a).not.toContain('0101901234');
    expect(a).not.toEqual(b);
    expect(a.startsWith('v1:k1:')).toBe(true);
  });

  it('decrypts values written under an older key after rotation', () => {
    const old = new FieldCipher([k1]).encrypt('2512891234');
    const rotated = new FieldCipher([k2, k1]);
    expect(rotated.decrypt(old)).toBe('2512891234');
    expect(rotated.keyIdOf(rotated.encrypt('x'))).toBe('k2');
  });

  it('rejects tampered ciphertext, an unknown key and a relabelled key id', () => {
    const cipher = new FieldCipher([k1, k2]);
    const stored = cipher.encrypt('0101901234');
    const raw = Buffer.from(stored.split(':')[2]!, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt(`v1:k1:${raw.toString('base64')}`)).toThrow();
    expect(() => new FieldCipher([k2]).decrypt(stored)).toThrow(/No key/);
    expect(() => cipher.decrypt(stored.replace('v1:k1:', 'v1:k2:'))).toThrow();
    expect(() => cipher.decrypt('garbage')).toThrow(/format/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => new FieldCipher([{ id: 'x', key: randomBytes(16) }])).toThrow();
    expect(() => new FieldCipher([])).toThrow();
  });
});

describe('BlindIndex', () => {
  it('is deterministic per key and differs across keys and values', () => {
    const a = new BlindIndex(randomBytes(32));
    const b = new BlindIndex(randomBytes(32));
    expect(a.of('0101901234')).toBe(a.of('0101901234'));
    expect(a.of('0101901234')).not.toBe(a.of('0101901235'));
    expect(a.of('0101901234')).not.toBe(b.of('0101901234'));
    expect(a.of('0101901234')).not.toContain('0101901234');
  });
});
