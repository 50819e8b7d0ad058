/** Opening a case: the tenancy (existing or new), the tenant, the stage and dates so far, the first contact. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CONTACT_CHANNELS, STAGES, type ContactChannel, type Stage } from '@forebyg/domain';
import { IsCalendarDate, MAX_ORE, notNull } from './common.js';

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
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel: ContactChannel;

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
