/**
 * Moments as the web UI shows them: "mandag 16-11-2026 07:00" (Danish) or "Monday 16-11-2026 07:00" (English), the
 * weekday in the UI language, the date and time dd-mm-yyyy HH:mm in Copenhagen time in either language.
 */
export function weekdayAndTime(at: Date | string, language: 'da' | 'en' = 'da'): string {
  const parts = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'da-DK', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('weekday')} ${part('day')}-${part('month')}-${part('year')} ${part('hour')}:${part('minute')}`;
}
