import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '@forebyg/core';

export class TenancyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ description: 'Search in tenancy number and address' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class RevealCprDto {
  @ApiProperty({ description: 'Why the full CPR is needed (kept in the audit log)', example: 'Ansøgning om enkeltydelse' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  purpose: string;
}

export class CprSearchDto {
  @ApiProperty({ example: '010190-1234' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  cpr: string;
}
