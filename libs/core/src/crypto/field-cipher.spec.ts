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

describe('FieldCipher bytes (upload chunks)', () => {
  const place = '3f0c2a4e-0000-4000-8000-000000000001:0';

  it('round-trips any bytes at their place, as iv | tag | ciphertext under the active key', () => {
    const cipher = new FieldCipher([k1, k2]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(1_000_000), (bytes, seq) => {
        const plain = Buffer.from(bytes);
        const sealed = cipher.encryptBytes(plain, `imp:${seq}`);
        expect(sealed.keyId).toBe('k1');
        expect(sealed.data.length).toBe(plain.length + 28);
        expect(cipher.decryptBytes(sealed.data, sealed.keyId, `imp:${seq}`).equals(plain)).toBe(true);
      }),
    );
  });

  it('uses a fresh IV each time and never stores the plaintext', () => {
    const cipher = new FieldCipher([k1]);
    const plain = Buffer.from('Lejemålsnr;CPR\r\nE-100;010190-1234\r\n'.repeat(50));
    const a = cipher.encryptBytes(plain, place);
    const b = cipher.encryptBytes(plain, place);
    expect(a.data.subarray(0, 12).equals(b.data.subarray(0, 12))).toBe(false);
    expect(a.data.equals(b.data)).toBe(false);
    expect(a.data.includes('010190-1234')).toBe(false);
    expect(a.data.includes('Lejem')).toBe(false);
  });

  it('rejects altered bytes anywhere: IV, tag, ciphertext, or a cut', () => {
    const cipher = new FieldCipher([k1]);
    const { keyId, data } = cipher.encryptBytes(randomBytes(300), place);
    for (const at of [0, 11, 12, 27, 28, 150, data.length - 1]) {
      const bad = Buffer.from(data);
      bad[at]! ^= 0x01;
      expect(() => cipher.decryptBytes(bad, keyId, place)).toThrow();
    }
    expect(() => cipher.decryptBytes(data.subarray(0, data.length - 1), keyId, place)).toThrow();
    expect(() => cipher.decryptBytes(data.subarray(0, 20), keyId, place)).toThrow(/too short/);
  });

  it('decrypts only at its own place: another seq or another import fails', () => {
    const cipher = new FieldCipher([k1]);
    const { keyId, data } = cipher.encryptBytes(Buffer.from('some chunk'), 'import-a:3');
    expect(cipher.decryptBytes(data, keyId, 'import-a:3').toString()).toBe('some chunk');
    expect(() => cipher.decryptBytes(data, keyId, 'import-a:4')).toThrow();
    expect(() => cipher.decryptBytes(data, keyId, 'import-b:3')).toThrow();
    expect(() => cipher.decryptBytes(data, keyId, 'import-a:3:k1')).toThrow();
  });

  it('decrypts chunks of an older key after rotation, and refuses a relabelled or unknown key id', () => {
    const old = new FieldCipher([k1]).encryptBytes(Buffer.from('before rotation'), place);
    const rotated = new FieldCipher([k2, k1]);
    expect(rotated.decryptBytes(old.data, old.keyId, place).toString()).toBe('before rotation');
    expect(rotated.encryptBytes(Buffer.from('after'), place).keyId).toBe('k2');
    expect(() => rotated.decryptBytes(old.data, 'k2', place)).toThrow();
    expect(() => new FieldCipher([k2]).decryptBytes(old.data, old.keyId, place)).toThrow(/No key/);
  });

  it('keeps field ciphertexts and chunk ciphertexts apart', () => {
    const cipher = new FieldCipher([k1]);
    const field = Buffer.from(cipher.encrypt('0101901234').split(':')[2]!, 'base64');
    expect(() => cipher.decryptBytes(field, 'k1', '')).toThrow();
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
