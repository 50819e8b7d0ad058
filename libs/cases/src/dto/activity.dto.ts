/** The timeline and the work on a case: notes, contacts with the household, tasks. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@forebyg/core';
import { CASE_EVENT_KINDS } from '../case-events.js';
import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, type ContactChannel, type ContactDirection } from '@forebyg/domain';
import { csv, IsCalendarDate, notNull, present, VersionedDto } from './common.js';

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated event kinds' })
  @IsOptional()
  @Transform(csv)
  @IsArray()
  @ArrayMaxSize(CASE_EVENT_KINDS.length)
  @IsIn(CASE_EVENT_KINDS, { each: true })
  kind?: string[];
}

export class NoteDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  body: string;
}

export class UpdateNoteDto extends VersionedDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  body: string;
}

export class ContactDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel: ContactChannel;

  @ApiProperty({ description: 'Whether a two-way contact happened' })
  @IsBoolean()
  reached: boolean;

  @ApiPropertyOptional({ enum: CONTACT_DIRECTIONS })
  @IsOptional()
  @IsIn(CONTACT_DIRECTIONS)
  direction?: ContactDirection;

  @ApiPropertyOptional({ description: 'When it happened (ISO 8601); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;
}

export class TaskDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class UpdateTaskDto extends VersionedDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(notNull)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsBoolean()
  done?: boolean;
}
