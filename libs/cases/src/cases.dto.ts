import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { DecimalInt, PageQueryDto } from '@forebyg/core';
import {
  BUDGET_FREQUENCIES,
  CASE_OUTCOMES,
  CREDITOR_KINDS,
  isIsoDate,
  RISK_LEVELS,
  STAGES,
  type BudgetFrequency,
  type CaseOutcome,
  type CreditorKind,
  type RiskLevel,
  type Stage,
} from '@forebyg/domain';
import { CASE_EVENT_KINDS } from './case-events.js';

/** Largest amount accepted anywhere in a case: 100 million kroner, far above any household's figures. */
export const MAX_ORE = 10_000_000_000;

/**
 * Dates a case can hold. Wider than any case needs, narrow enough that PostgreSQL stores every one (it has no
 * year 0) and that counting business days to one stays quick (each year's holidays are computed once).
 */
export const CASE_DATE_RANGE = { min: '2000-01-01', max: '2099-12-31' } as const;

/** A real calendar date written `YYYY-MM-DD` (not 2026-02-30), within {@link CASE_DATE_RANGE}. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD from ${CASE_DATE_RANGE.min} to ${CASE_DATE_RANGE.max}`, ...options },
      validator: {
        validate: (value: unknown) => isIsoDate(value) && value >= CASE_DATE_RANGE.min && value <= CASE_DATE_RANGE.max,
      },
    });
}

const present = (_: unknown, v: unknown) => v !== undefined;
const notNull = (_: unknown, v: unknown) => v !== undefined && v !== null;

/** Comma-separated list in a query string → array of strings (validated per element). */
const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value;

export const CASE_CHANNELS = ['letter', 'sms', 'phone', 'home_visit', 'meeting', 'email'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const APPLICATION_KINDS = ['municipal_aid', 'housing_benefit'] as const;
export const APPLICATION_STATUSES = ['planned', 'submitted', 'granted', 'rejected', 'withdrawn'] as const;
export const INSTALMENT_STATUSES = ['pending', 'paid', 'missed'] as const;
export const AGREEMENT_END_STATUSES = ['completed', 'broken', 'cancelled'] as const;

export class CaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '`me` (default), `any`, `none` or a user id' })
  @IsOptional()
  @IsString()
  @Matches(/^(me|any|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, {
    message: 'assignee must be me, any, none or a user id',
  })
  assignee?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'] })
  @IsOptional()
  @IsIn(['open', 'closed', 'all'])
  status?: 'open' | 'closed' | 'all';

  @ApiPropertyOptional({ description: 'Comma-separated stages', example: 'demand,termination' })
  @IsOptional()
  @Transform(csv)
  @IsArray()
  @ArrayMaxSize(STAGES.length)
  @IsIn(STAGES, { each: true })
  stage?: Stage[];

  @ApiPropertyOptional({ description: 'Comma-separated risk levels', example: 'high,critical' })
  @IsOptional()
  @Transform(csv)
  @IsArray()
  @ArrayMaxSize(RISK_LEVELS.length)
  @IsIn(RISK_LEVELS, { each: true })
  riskLevel?: RiskLevel[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: 'Only cases with a task past its due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdueTasks?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'No two-way contact for at least this many days', minimum: 1, maximum: 3650 })
  @IsOptional()
  @DecimalInt()
  @IsInt()
  @Min(1)
  @Max(3650)
  noContactDays?: number;

  @ApiPropertyOptional({ description: 'Tenancy number, address or a household member’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CaseCprSearchDto {
  @ApiProperty({ example: '010190-1234' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  cpr: string;
}

export class AssigneeQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class CaseDatesDto {
  @ApiPropertyOptional({ nullable: true, example: '2026-11-01' })
  @ValidateIf(notNull)
  @IsCalendarDate()
  oldestDueDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  demandSentDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  terminationDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  legalHandoverDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  courtFiledDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  evictionDate?: string | null;
}

export class IntakeTenancyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiProperty({ example: '114-0032-07' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  tenancyNumber: string;

  @ApiProperty({ example: 'Solvej 12, 2. tv.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  address: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  unit?: string;

  @ApiPropertyOptional({ example: '2650' })
  @IsOptional()
  @Matches(/^[0-9]{4}$/, { message: 'postalCode must be four digits' })
  postalCode?: string;

  @ApiPropertyOptional({ description: 'øre', example: 650000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  monthlyRentOre?: number;
}

export class IntakeTenantDto {
  @ApiProperty({ example: 'Mette Hansen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '010190-1234' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  cpr?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ example: 'da' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'preferredLanguage must be a two-letter language code' })
  preferredLanguage?: string;
}

export class FirstContactDto {
  @ApiProperty({ enum: CASE_CHANNELS })
  @IsIn(CASE_CHANNELS)
  channel: CaseChannel;

  @ApiProperty()
  @IsBoolean()
  reached: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;
}

export class IntakeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing tenancy; otherwise give `tenancy`' })
  @IsOptional()
  @IsUUID()
  tenancyId?: string;

  @ApiPropertyOptional({ type: IntakeTenancyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakeTenancyDto)
  tenancy?: IntakeTenancyDto;

  @ApiPropertyOptional({ type: IntakeTenantDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakeTenantDto)
  tenant?: IntakeTenantDto;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ description: 'øre' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  arrearsOre?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  childrenInHousehold?: number;

  @ApiPropertyOptional({ type: CaseDatesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CaseDatesDto)
  dates?: CaseDatesDto;

  @ApiPropertyOptional({ type: FirstContactDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FirstContactDto)
  firstContact?: FirstContactDto;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assignedCounsellorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  responsibleCaseworkerId?: string;
}

class VersionedDto {
  @ApiProperty({ description: 'The version this change is based on' })
  @IsInt()
  @Min(1)
  version: number;
}

export class BulkAssignDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  caseIds: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(notNull)
  @IsUUID()
  assignedCounsellorId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(notNull)
  @IsUUID()
  responsibleCaseworkerId?: string | null;
}

export class AssignDto extends VersionedDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(notNull)
  @IsUUID()
  assignedCounsellorId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(notNull)
  @IsUUID()
  responsibleCaseworkerId?: string | null;
}

export class UpdateCaseDto extends VersionedDto {
  @ApiPropertyOptional({ description: 'øre' })
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  arrearsOre?: number;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(30)
  childrenInHousehold?: number;

  @ApiPropertyOptional({ type: CaseDatesDto })
  @ValidateIf(present)
  @IsObject()
  @ValidateNested()
  @Type(() => CaseDatesDto)
  dates?: CaseDatesDto;
}

export class ChangeStageDto extends VersionedDto {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  stage: Stage;

  @ApiPropertyOptional({ description: 'Required when skipping a stage or going back' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ description: 'The date of the step (default today); the eviction date for eviction_scheduled' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class RiskOverrideDto extends VersionedDto {
  @ApiProperty({ enum: RISK_LEVELS, nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsIn(RISK_LEVELS)
  level: RiskLevel | null;

  @ApiPropertyOptional()
  @ValidateIf((o: RiskOverrideDto) => o.level !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}

export class CloseCaseDto extends VersionedDto {
  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES)
  outcome: CaseOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReopenCaseDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated event kinds' })
  @IsOptional()
  @Transform(csv)
  @IsArray()
  @ArrayMaxSize(CASE_EVENT_KINDS.length)
  @IsIn(CASE_EVENT_KINDS, { each: true })
  kind?: string[];
}

export class NoteDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  body: string;
}

export class UpdateNoteDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  body: string;
}

export class ContactDto {
  @ApiProperty({ enum: CASE_CHANNELS })
  @IsIn(CASE_CHANNELS)
  channel: CaseChannel;

  @ApiProperty({ description: 'Whether a two-way contact happened' })
  @IsBoolean()
  reached: boolean;

  @ApiPropertyOptional({ enum: ['outbound', 'inbound'] })
  @IsOptional()
  @IsIn(['outbound', 'inbound'])
  direction?: 'outbound' | 'inbound';

  @ApiPropertyOptional({ description: 'When it happened (ISO 8601); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;
}

export class TaskDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class UpdateTaskDto extends VersionedDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(notNull)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsBoolean()
  done?: boolean;
}

export class BudgetLineDto {
  @ApiProperty({ enum: ['income', 'expense'] })
  @IsIn(['income', 'expense'])
  kind: 'income' | 'expense';

  @ApiProperty({ example: 'Løn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @ApiProperty({ description: 'øre per period' })
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  amountOre: number;

  @ApiPropertyOptional({ enum: BUDGET_FREQUENCIES })
  @IsOptional()
  @IsIn(BUDGET_FREQUENCIES)
  frequency?: BudgetFrequency;
}

export class UpdateBudgetLineDto extends VersionedDto {
  @ApiPropertyOptional({ enum: ['income', 'expense'] })
  @ValidateIf(present)
  @IsIn(['income', 'expense'])
  kind?: 'income' | 'expense';

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  amountOre?: number;

  @ApiPropertyOptional({ enum: BUDGET_FREQUENCIES })
  @ValidateIf(present)
  @IsIn(BUDGET_FREQUENCIES)
  frequency?: BudgetFrequency;
}

export class VersionQueryDto {
  @ApiProperty()
  @DecimalInt()
  @IsInt()
  @Min(1)
  version: number;
}

export class DebtDto {
  @ApiProperty({ example: 'Boligselskabet' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  creditor: string;

  @ApiProperty({ enum: CREDITOR_KINDS })
  @IsIn(CREDITOR_KINDS)
  creditorKind: CreditorKind;

  @ApiProperty({ description: 'øre' })
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  amountOre: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class UpdateDebtDto extends VersionedDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  creditor?: string;

  @ApiPropertyOptional({ enum: CREDITOR_KINDS })
  @ValidateIf(present)
  @IsIn(CREDITOR_KINDS)
  creditorKind?: CreditorKind;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  amountOre?: number;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class InstalmentInputDto {
  @ApiProperty()
  @IsCalendarDate()
  dueDate: string;

  @ApiProperty({ description: 'øre' })
  @IsInt()
  @Min(1)
  @Max(MAX_ORE)
  amountOre: number;
}

export class AgreementDto {
  @ApiProperty()
  @IsCalendarDate()
  agreedDate: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({ type: [InstalmentInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(120)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => InstalmentInputDto)
  instalments: InstalmentInputDto[];
}

export class UpdateAgreementDto extends VersionedDto {
  @ApiProperty({ enum: AGREEMENT_END_STATUSES })
  @IsIn(AGREEMENT_END_STATUSES)
  status: (typeof AGREEMENT_END_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class UpdateInstalmentDto extends VersionedDto {
  @ApiProperty({ enum: INSTALMENT_STATUSES })
  @IsIn(INSTALMENT_STATUSES)
  status: (typeof INSTALMENT_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  paidDate?: string;
}

export class ApplicationDto {
  @ApiProperty({ enum: APPLICATION_KINDS })
  @IsIn(APPLICATION_KINDS)
  kind: (typeof APPLICATION_KINDS)[number];

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: (typeof APPLICATION_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  submittedDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class UpdateApplicationDto extends VersionedDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @ValidateIf(present)
  @IsIn(APPLICATION_STATUSES)
  status?: (typeof APPLICATION_STATUSES)[number];

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  submittedDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsCalendarDate()
  decidedDate?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'øre granted' })
  @ValidateIf(notNull)
  @IsInt()
  @Min(0)
  @Max(MAX_ORE)
  amountOre?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}
