import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Sessions and API keys are stored only as SHA-256 of a high-entropy random token. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** `fbg_<8-char prefix>_<secret>`: the prefix finds the row, the whole token is what is hashed. */
export function newApiKeyToken(): { token: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return { token: `fbg_${prefix}_${newToken(32)}`, prefix };
}

export function apiKeyPrefixOf(token: string): string | null {
  const m = /^fbg_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{20,}$/.exec(token);
  return m ? m[1]! : null;
}
