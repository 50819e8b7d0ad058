/**
 * Log redaction: personal data (CPR numbers, names, contact details, amounts) and secrets never reach
 * the log output. Keys are matched case-insensitively; any string anywhere is scrubbed of CPR-shaped
 * numbers (6+4 digits, with or without a dash or space), since a CPR can hide in a URL or a message.
 */
const SENSITIVE_KEY =
  /^(cpr|.*cpr.*|password|newpassword|secret|token|authorization|cookie|set-cookie|name|.*name|firstname|lastname|email|phone|address|unit|.*ore|.*amount.*|arrears.*|monthlyrent|income|expense|note|notes|body)$/i;
const ALLOWED_KEY = /^(hostname|pid|level|msg|time|context|reqid|requestid|method|url|statuscode|responsetime|err|type|stack|code|queuename|jobname|queue|event|action|entitytype)$/i;
const CPR_PATTERN = /(?<!\d)\d{6}[- ]?\d{4}(?!\d)/g;

export const REDACTED = '[redacted]';

export function scrubString(value: string): string {
  return value.replace(CPR_PATTERN, '[cpr]');
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return scrubString(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), stack: value.stack ? scrubString(value.stack) : undefined };
  }
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return scrubString(String(value));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = !ALLOWED_KEY.test(key) && SENSITIVE_KEY.test(key) ? REDACTED : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}
