import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, ROLES, Role } from '@forebyg/core';

export class LoginDto {
  @ApiProperty({ example: 'admin@forebyg.test' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'rådgiver@boligforening.dk' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  departmentIds: string[];

  @ApiProperty({ description: 'Initial password: at least 12 characters, not a common password' })
  @IsString()
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ enum: ['da', 'en'] })
  @IsOptional()
  @IsIn(['da', 'en'])
  language?: 'da' | 'en';
}

/** A field left out is unchanged; a field sent as null is a validation error (these columns are NOT NULL). */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @ValidateIf((_, v) => v !== undefined)
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ['da', 'en'] })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(['da', 'en'])
  language?: 'da' | 'en';
}

export class SetPasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password: string;
}

export class UpdateMeDto {
  @ApiProperty({ enum: ['da', 'en'] })
  @IsIn(['da', 'en'])
  language: 'da' | 'en';
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search in name and e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
