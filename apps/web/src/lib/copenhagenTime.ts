/**
 * Wall-clock times in Europe/Copenhagen for `<input type="datetime-local">` (which has no time zone): what a
 * Danish user types is Copenhagen time, whatever zone the browser is set to.
 */

const TIME_ZONE = 'Europe/Copenhagen';
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function wallClock(instant: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(instant)) out[p.type] = p.value;
  if (out.hour === '24') out.hour = '00';
  return out;
}

/** "2026-11-23T09:15" for an instant (default now), in Copenhagen. */
export function copenhagenLocalInput(instant: Date = new Date()): string {
  const p = wallClock(instant);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Copenhagen's offset from UTC in milliseconds at an instant. */
function offsetAt(ms: number): number {
  const p = wallClock(new Date(ms));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** "2026-11-23T09:15" (Copenhagen) → an ISO instant; null when the text is not such a value. */
export function copenhagenInputToIso(value: string): string | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(guess)) return null;
  // Two passes settle the offset around a daylight-saving change.
  let ms = guess - offsetAt(guess);
  ms = guess - offsetAt(ms);
  return new Date(ms).toISOString();
}
