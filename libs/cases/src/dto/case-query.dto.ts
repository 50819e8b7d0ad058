/** Queries of the case list and lookups: filters, the CPR search, assignable users. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DecimalInt, PageQueryDto } from '@forebyg/core';
import { RISK_LEVELS, STAGES, type RiskLevel, type Stage } from '@forebyg/domain';
import { csv } from './common.js';

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

  @ApiPropertyOptional({ description: 'Exactly this case number (surrounding spaces ignored)', example: '2025-000123' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  caseNumber?: string;
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
