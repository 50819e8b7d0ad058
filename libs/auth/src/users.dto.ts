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

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ['da', 'en'] })
  @IsOptional()
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
