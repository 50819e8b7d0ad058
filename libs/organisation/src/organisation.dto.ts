import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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
