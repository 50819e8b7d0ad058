/** Changes to a case as a whole: assignment, facts and dates, stage, risk override, closing and reopening. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CASE_OUTCOMES, RISK_LEVELS, STAGES, type CaseOutcome, type RiskLevel, type Stage } from '@forebyg/domain';
import { IsCalendarDate, MAX_ORE, notNull, present, VersionedDto } from './common.js';
import { CaseDatesDto } from './intake.dto.js';

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
