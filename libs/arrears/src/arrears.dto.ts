import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** Query of a CSV upload; the service checks the values (dates, code lists) with field-level reasons. */
export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'Date the ledger was read (YYYY-MM-DD); default today, or the JSON body’s asOf' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  asOf?: string;

  @ApiPropertyOptional({ description: 'Which ledger system sent it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string;

  @ApiPropertyOptional({ description: 'Comma-separated department codes the snapshot covers (default: those in its rows)' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  departments?: string;
}

const notNull = (_: unknown, v: unknown) => v !== undefined && v !== null;

/** A trigger rule: every field is required in the body; null switches a criterion off. */
export class TriggerRuleDto {
  @ApiPropertyOptional({ description: 'The version this change is based on (omit when creating)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ nullable: true, description: 'Open at arrears ≥ this many months of rent', example: 1 })
  @ValidateIf(notNull)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(120)
  openMinMonths: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'Open at arrears ≥ this amount (øre)', example: 300000 })
  @ValidateIf(notNull)
  @IsInt()
  @Min(1)
  @Max(10_000_000_000)
  openMinOre: number | null;

  @ApiPropertyOptional({ description: 'Open at any påkrav' })
  @IsBoolean()
  openOnDemand: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'Close as paid after this many days at zero arrears' })
  @ValidateIf(notNull)
  @IsInt()
  @Min(0)
  @Max(3650)
  closeAfterDaysAtZero: number | null;
}
