/**
 * The words of a notification, in the e-mail and the api's `title`: Danish, with the case number, dates and a link,
 * never a tenant's name, CPR number or an amount (an e-mail leaves our systems). The web UI makes its titles in the
 * user's language from the same kind and data (apps/web/src/lib/notificationText.ts, i18n `notifications.text`):
 * a new kind or a changed wording belongs there too.
 */
export interface NotificationFacts {
  kind: string;
  caseNumber: string | null;
  data: Record<string, unknown>;
}

const dk = (iso: unknown) => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}/.test(iso) ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : '');

export function notificationTitle(n: NotificationFacts): string {
  const sag = n.caseNumber ? `sag ${n.caseNumber}` : 'en sag';
  switch (n.kind) {
    case 'task_due':
      return `Opgave forfalder ${dk(n.data.dueDate)} på ${sag}`;
    case 'demand_deadline':
      return `Påkravsfristen udløber ${dk(n.data.deadline)} på ${sag}`;
    case 'eviction_approaching':
      return `Udsættelse ${dk(n.data.evictionDate)} på ${sag} (om ${n.data.daysBefore} dage)`;
    case 'instalment_missed':
      return `Rate ${n.data.seq ?? ''} forfaldt ${dk(n.data.dueDate)} uden registreret betaling på ${sag}`.replace('Rate  ', 'Rate ');
    case 'referral_unanswered':
      return `${typeof n.data.partnerName === 'string' ? n.data.partnerName : 'Partneren'} har ikke svaret på henvisningen (frist ${dk(n.data.answerBy)}) på ${sag}`;
    case 'no_contact':
      return `Ingen kontakt opnået siden åbningen af ${sag}`;
    case 'weekly_escalation':
      return `Ugens eskaleringer (uge ${String(n.data.isoWeek ?? '').slice(6)}): ${n.data.caseCount} ${n.data.caseCount === 1 ? 'sag' : 'sager'}`;
    case 'weekly_escalation_lead':
      return `Sager eskaleret to uger i træk (uge ${String(n.data.isoWeek ?? '').slice(6)}): ${n.data.caseCount} ${n.data.caseCount === 1 ? 'sag' : 'sager'}`;
    default:
      return `Påmindelse om ${sag}`;
  }
}

export function notificationMail(n: NotificationFacts & { caseUrl: string | null }): { subject: string; text: string; html: string } {
  const title = notificationTitle(n);
  const caseNumbers = Array.isArray(n.data.caseNumbers) ? (n.data.caseNumbers as string[]) : [];
  const text = [
    'Hej',
    '',
    `${title}.`,
    ...(caseNumbers.length ? ['', 'Sager:', ...caseNumbers.map((c) => `- ${c}`)] : []),
    '',
    n.caseUrl ? `${caseNumbers.length ? 'Se listen i Forebyg' : 'Åbn sagen i Forebyg'}: ${n.caseUrl}` : 'Log ind i Forebyg for at se påmindelsen.',
    '',
    'Du får denne e-mail, fordi du har valgt e-mail-påmindelser. Du kan slå dem fra under dine indstillinger i Forebyg.',
  ].join('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = `<!doctype html><html lang="da"><body style="font-family: sans-serif">
<p>Hej</p>
<p><strong>${esc(title)}.</strong></p>
${caseNumbers.length ? `<ul>${caseNumbers.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : ''}
${n.caseUrl ? `<p><a href="${esc(n.caseUrl)}">${caseNumbers.length ? 'Se listen i Forebyg' : 'Åbn sagen i Forebyg'}</a></p>` : '<p>Log ind i Forebyg for at se påmindelsen.</p>'}
<p style="color:#555;font-size:12px">Du får denne e-mail, fordi du har valgt e-mail-påmindelser. Du kan slå dem fra under dine indstillinger i Forebyg.</p>
</body></html>`;
  return { subject: `Forebyg: ${title}`, text, html };
}
