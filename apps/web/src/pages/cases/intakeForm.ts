import type { TFunction } from 'i18next';
import type { Stage } from '@forebyg/domain/stages';
import type { IntakeInput } from '../../api/cases';
import { ApiError, isApiError } from '../../api/client';
import { normaliseCpr } from '../../lib/cases';
import { isIsoDate } from '../../lib/dates';
import { parseKroner } from '../../lib/money';

// The intake form's fields, their checks, and the api's body made of them.

export const FIELDS = [
  'departmentId',
  'tenancyNumber',
  'address',
  'unit',
  'postalCode',
  'monthlyRent',
  'tenantName',
  'cpr',
  'phone',
  'email',
  'stage',
  'stageDate',
  'arrears',
  'children',
  'channel',
  'reached',
  'summary',
] as const;
export type Field = (typeof FIELDS)[number];

/** Where each field of the API's body is shown in this form. */
const API_FIELD: Record<string, Field> = {
  'tenancy.departmentId': 'departmentId',
  'tenancy.tenancyNumber': 'tenancyNumber',
  'tenancy.address': 'address',
  'tenancy.unit': 'unit',
  'tenancy.postalCode': 'postalCode',
  'tenancy.monthlyRentOre': 'monthlyRent',
  tenancy: 'tenancyNumber',
  'tenant.name': 'tenantName',
  'tenant.cpr': 'cpr',
  'tenant.phone': 'phone',
  'tenant.email': 'email',
  tenant: 'tenantName',
  stage: 'stage',
  arrearsOre: 'arrears',
  childrenInHousehold: 'children',
  dates: 'stageDate',
  'firstContact.channel': 'channel',
  'firstContact.reached': 'reached',
  'firstContact.summary': 'summary',
  firstContact: 'channel',
};

function apiFieldToForm(field: string): string {
  if (API_FIELD[field]) return API_FIELD[field];
  if (field.startsWith('dates')) return 'stageDate';
  const parent = field.split(/[.[]/)[0] ?? field;
  return API_FIELD[parent] ?? field;
}

/** The same error with its field names moved to this form's fields. */
export function remapErrors(error: unknown): unknown {
  if (!isApiError(error) || !error.fieldErrors.length) return error;
  return new ApiError(error.status, { ...error.body, errors: error.fieldErrors.map((e) => ({ ...e, field: apiFieldToForm(e.field) })) });
}

/** The channel choice "no first contact". */
export const NO_CONTACT = 'none';

/** The case date that the chosen starting stage records. */
const STAGE_DATE_KEY: Record<Stage, string> = {
  arrears: 'oldestDueDate',
  demand: 'demandSentDate',
  termination: 'terminationDate',
  legal: 'legalHandoverDate',
  court: 'courtFiledDate',
  eviction_scheduled: 'evictionDate',
};

/** The form as it opens. */
export const EMPTY: Record<Field, string> = {
  departmentId: '',
  tenancyNumber: '',
  address: '',
  unit: '',
  postalCode: '',
  monthlyRent: '',
  tenantName: '',
  cpr: '',
  phone: '',
  email: '',
  stage: 'arrears',
  stageDate: '',
  arrears: '',
  children: '0',
  channel: '',
  reached: '',
  summary: '',
};

/**
 * The form's values checked: the problems by field, and the api's body when there are none.
 */
export function readIntake(form: Record<Field, string>, t: TFunction): { problems: Partial<Record<Field, string>>; input?: IntakeInput } {
  const stage = form.stage as Stage;
  const required = t('errors.reason.required');
  const problems: Partial<Record<Field, string>> = {};
  if (!form.departmentId) problems.departmentId = required;
  if (!form.tenancyNumber.trim()) problems.tenancyNumber = required;
  if (!form.address.trim()) problems.address = required;
  const rent = parseKroner(form.monthlyRent);
  if (!rent.ok && !rent.empty) problems.monthlyRent = t('case.money.invalid');
  const arrears = parseKroner(form.arrears);
  if (!arrears.ok && !arrears.empty) problems.arrears = t('case.money.invalid');
  const cpr = form.cpr.trim() ? normaliseCpr(form.cpr) : null;
  if (form.cpr.trim() && !cpr) problems.cpr = t('intake.cprInvalid');
  const anyTenant = [form.tenantName, form.cpr, form.phone, form.email].some((v) => v.trim());
  if (anyTenant && !form.tenantName.trim()) problems.tenantName = t('intake.tenantNameRequired');
  if (stage === 'eviction_scheduled' && !form.stageDate) problems.stageDate = t('case.stage.evictionRequired');
  if (form.stageDate && !isIsoDate(form.stageDate)) problems.stageDate = t('case.invalidDate');
  if (form.channel && !form.reached) problems.reached = required;
  if (Object.keys(problems).length > 0) return { problems };

  const input: IntakeInput = {
    tenancy: {
      departmentId: form.departmentId,
      tenancyNumber: form.tenancyNumber.trim(),
      address: form.address.trim(),
      unit: form.unit.trim() || undefined,
      postalCode: form.postalCode.trim() || undefined,
      monthlyRentOre: rent.ok ? rent.ore : undefined,
    },
    tenant: anyTenant
      ? {
          name: form.tenantName.trim(),
          cpr: cpr ?? undefined,
          phone: form.phone.trim() || undefined,
          email: form.email.trim() || undefined,
        }
      : undefined,
    stage,
    arrearsOre: arrears.ok ? arrears.ore : undefined,
    childrenInHousehold: Number(form.children || 0),
    dates: form.stageDate ? { [STAGE_DATE_KEY[stage]]: form.stageDate } : undefined,
    firstContact: form.channel
      ? { channel: form.channel, reached: form.reached === 'yes', summary: form.summary.trim() || undefined }
      : undefined,
  };
  return { problems, input };
}
