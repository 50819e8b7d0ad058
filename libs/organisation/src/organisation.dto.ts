import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@forebyg/core';

export class DepartmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search in code and name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '101' })
  @IsOptional()
  @Matches(/^[0-9]{3}$/)
  municipalityCode?: string;
}

export class SetDepartmentLeadDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The new lead: an active user of the organisation who works in the department and reads cases; null clears it',
  })
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all')
  leadUserId: string | null;
}
