import type { TFunction } from 'i18next';
import type { TimelineEvent } from '../../../api/caseTypes';
import { formatDate, formatMoney } from '../../../lib/format';
import { referralSentence } from './referrals/referralTimeline';

type Data = Record<string, unknown>;

function pick(data: Data, ...keys: string[]): unknown {
  for (const key of keys) {
    const path = key.split('.');
    let value: unknown = data;
    for (const part of path) value = value && typeof value === 'object' ? (value as Data)[part] : undefined;
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

const str = (data: Data, ...keys: string[]) => {
  const v = pick(data, ...keys);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
};
const num = (data: Data, ...keys: string[]) => {
  const v = pick(data, ...keys);
  return typeof v === 'number' ? v : undefined;
};
const bool = (data: Data, ...keys: string[]) => {
  const v = pick(data, ...keys);
  return typeof v === 'boolean' ? v : undefined;
};

/** A label from one of the label groups, or the raw value when it is not one we know. */
function label(t: TFunction, group: string, value: string | undefined): string {
  if (!value) return '';
  return t(`caseLabels.${group}.${value}` as 'caseLabels.stage.arrears', { defaultValue: value });
}

const money = (ore: number | undefined) => (ore === undefined ? '' : formatMoney(ore));

/** One timeline event as a readable sentence (Danish by default). */
export function timelineSentence(t: TFunction, event: TimelineEvent): string {
  const d: Data = event.data ?? {};
  const e = 'case.timeline.events';
  switch (event.kind) {
    case 'opened': {
      const stage = str(d, 'stage', 'openedStage');
      const origin = str(d, 'origin');
      const base = stage ? t(`${e}.opened`, { stage: label(t, 'stage', stage) }) : t(`${e}.openedPlain`);
      return origin === 'arrears_import' ? `${base} ${t(`${e}.fromImport`)}` : base;
    }
    case 'stage_changed': {
      const from = str(d, 'from', 'fromStage', 'previousStage');
      const to = str(d, 'to', 'toStage', 'stage');
      const sentence =
        from && to
          ? t(`${e}.stageChanged`, { from: label(t, 'stage', from), to: label(t, 'stage', to) })
          : t(`${e}.stageChangedTo`, { to: label(t, 'stage', to) });
      const date = str(d, 'date');
      const reason = str(d, 'reason');
      return [sentence, date ? t(`${e}.dated`, { date: formatDate(date) }) : '', reason ? t(`${e}.reason`, { reason }) : '']
        .filter(Boolean)
        .join(' ');
    }
    case 'case_updated': {
      const fields = pick(d, 'fields', 'changed', 'changes');
      const names = Array.isArray(fields) ? fields.map(String) : fields && typeof fields === 'object' ? Object.keys(fields) : [];
      const known = names.map((n) => t(`${e}.fieldNames.${n}` as 'case.timeline.events.fieldNames.arrearsOre', { defaultValue: n }));
      return known.length ? t(`${e}.caseUpdatedFields`, { fields: known.join(', ') }) : t(`${e}.caseUpdated`);
    }
    case 'assigned': {
      // {counsellor: {from, to, fromName, toName}, caseworker: {...}}: only the slots that changed.
      const parts: string[] = [];
      for (const slot of ['counsellor', 'caseworker'] as const) {
        const change = pick(d, slot);
        if (!change || typeof change !== 'object') continue;
        const name = str(d, `${slot}.toName`);
        const unassigned = (change as Data).to === null;
        if (unassigned) parts.push(t(slot === 'counsellor' ? `${e}.unassignedCounsellor` : `${e}.unassignedCaseworker`));
        else parts.push(t(slot === 'counsellor' ? `${e}.assignedCounsellor` : `${e}.assignedCaseworker`, { name: name ?? '' }));
      }
      return parts.length ? parts.join(' ') : t(`${e}.assigned`);
    }
    case 'risk_changed': {
      const from = str(d, 'fromLevel', 'from', 'previousLevel', 'from.level');
      const to = str(d, 'toLevel', 'to', 'level', 'to.level');
      const score = num(d, 'toScore', 'score');
      if (from && to)
        return t(`${e}.riskChanged`, { from: label(t, 'riskLevel', from), to: label(t, 'riskLevel', to), score: score ?? '' });
      return t(`${e}.riskChangedPlain`);
    }
    case 'risk_overridden':
      return t(`${e}.riskOverridden`, { level: label(t, 'riskLevel', str(d, 'level', 'to')), reason: str(d, 'reason') ?? '' });
    case 'risk_override_cleared':
      return t(`${e}.riskOverrideCleared`);
    case 'contact_logged': {
      const channel = label(t, 'channel', str(d, 'channel'));
      const direction = str(d, 'direction');
      const reached = bool(d, 'reached');
      const summary = str(d, 'summary');
      const key = reached ? 'contactReached' : 'contactNotReached';
      const base = t(`${e}.${key}`, { channel, direction: direction ? label(t, 'direction', direction).toLowerCase() : '' });
      return summary ? `${base} ${t(`${e}.summary`, { summary })}` : base;
    }
    case 'note_added':
      return t(`${e}.noteAdded`);
    case 'note_edited':
      return t(`${e}.noteEdited`);
    case 'task_added':
    case 'task_updated':
    case 'task_completed':
    case 'task_reopened': {
      const title = str(d, 'title', 'task.title') ?? '';
      const due = str(d, 'dueDate', 'task.dueDate');
      const key = { task_added: 'taskAdded', task_updated: 'taskUpdated', task_completed: 'taskCompleted', task_reopened: 'taskReopened' }[
        event.kind
      ];
      const base = t(`${e}.${key as 'taskAdded'}`, { title });
      return event.kind === 'task_added' && due ? `${base} ${t(`${e}.due`, { date: formatDate(due) })}` : base;
    }
    case 'budget_line_added':
    case 'budget_line_changed':
    case 'budget_line_removed': {
      const key = { budget_line_added: 'budgetAdded', budget_line_changed: 'budgetChanged', budget_line_removed: 'budgetRemoved' }[
        event.kind
      ];
      const kind = str(d, 'kind');
      const details = [kind ? label(t, 'budgetKind', kind).toLowerCase() : '', money(num(d, 'amountOre'))].filter(Boolean).join(', ');
      return t(`${e}.${key as 'budgetAdded'}`, { label: str(d, 'label') ?? '', details: details ? ` (${details})` : '' });
    }
    case 'debt_added':
    case 'debt_changed':
    case 'debt_removed': {
      const key = { debt_added: 'debtAdded', debt_changed: 'debtChanged', debt_removed: 'debtRemoved' }[event.kind];
      const amount = money(num(d, 'amountOre'));
      return t(`${e}.${key as 'debtAdded'}`, { creditor: str(d, 'creditor') ?? '', details: amount ? ` (${amount})` : '' });
    }
    case 'agreement_created': {
      const count = num(d, 'instalmentCount', 'instalments');
      const total = num(d, 'totalOre');
      return count !== undefined && total !== undefined
        ? t(`${e}.agreementCreated`, { count, total: money(total) })
        : t(`${e}.agreementCreatedPlain`);
    }
    case 'agreement_status_changed':
      return t(`${e}.agreementStatus`, { status: label(t, 'agreementStatus', str(d, 'to', 'status')).toLowerCase() });
    case 'instalment_changed':
      return t(`${e}.instalmentChanged`, {
        seq: str(d, 'seq') ?? '',
        status: label(t, 'instalmentStatus', str(d, 'to', 'status')).toLowerCase(),
      });
    case 'application_added':
      return t(`${e}.applicationAdded`, { kind: label(t, 'applicationKind', str(d, 'kind')) });
    case 'application_changed': {
      const status = str(d, 'to', 'status');
      return t(`${e}.applicationChanged`, {
        kind: label(t, 'applicationKind', str(d, 'kind')),
        status: status ? label(t, 'applicationStatus', status).toLowerCase() : '',
      });
    }
    case 'closed': {
      const outcome = label(t, 'outcome', str(d, 'outcome'));
      const note = str(d, 'note', 'outcomeNote');
      const base = t(`${e}.closed`, { outcome });
      return note ? `${base} ${t(`${e}.summary`, { summary: note })}` : base;
    }
    case 'reopened': {
      const reason = str(d, 'reason');
      return reason ? `${t(`${e}.reopened`)} ${t(`${e}.reason`, { reason })}` : t(`${e}.reopened`);
    }
    case 'arrears_changed':
      return t(`${e}.arrearsChanged`, {
        from: money(num(d, 'fromOre')),
        to: money(num(d, 'toOre')),
        asOf: formatDate(str(d, 'asOf')),
      });
    case 'arrears_cleared':
      return t(bool(d, 'absent') ? `${e}.arrearsClearedAbsent` : `${e}.arrearsCleared`, {
        from: money(num(d, 'fromOre')),
        asOf: formatDate(str(d, 'asOf')),
      });
    case 'demand_sent':
    case 'termination_recorded':
    case 'court_filed':
    case 'eviction_date_set': {
      const key = {
        demand_sent: ['demandSent', 'demandSentDate'],
        termination_recorded: ['terminationRecorded', 'terminationDate'],
        court_filed: ['courtFiled', 'courtFiledDate'],
        eviction_date_set: ['evictionDateSet', 'evictionDate'],
      } as const;
      const [sentence, field] = key[event.kind];
      const date = str(d, 'date');
      return date ? t(`${e}.${sentence}`, { date: formatDate(date) }) : t(`${e}.dateRemoved`, { what: t(`${e}.fieldNames.${field}`) });
    }
    case 'consent_recorded':
    case 'consent_withdrawn':
    case 'referral_proposed':
    case 'referral_sent':
    case 'referral_answered':
    case 'referral_dismissed':
    case 'referral_withdrawn':
    case 'municipal_notice_sent':
      return referralSentence(t, event.kind, d);
    default:
      return t(`${e}.unknown`, { kind: event.kind });
  }
}
