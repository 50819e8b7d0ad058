/** The household's economy: budget lines, debts, the payment agreement with its instalments, applications for aid. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  BUDGET_FREQUENCIES,
  CREDITOR_KINDS,
  INSTALMENT_STATUSES,
  type AgreementStatus,
  type BudgetFrequency,
  type CreditorKind,
} from '@forebyg/domain';
import { IsCalendarDate, MAX_ORE, notNull, present, VersionedDto } from './common.js';

/** The statuses a counsellor may end an agreement with (it is created active). */
export const AGREEMENT_END_STATUSES = ['completed', 'broken', 'cancelled'] as const satisfies readonly AgreementStatus[];

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
