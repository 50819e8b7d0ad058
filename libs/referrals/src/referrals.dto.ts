import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '@forebyg/core';
import {
  PARTNER_ANSWERS,
  PARTNER_MESSAGE_STATUSES,
  REFERRAL_PURPOSES,
  SHARED_DATA_ITEMS,
  type PartnerAnswer,
  type PartnerMessageStatus,
  type ReferralPurpose,
  type SharedDataItem,
} from '@forebyg/domain';

export class CreateReferralDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() partnerId: string;
  @ApiProperty({ enum: REFERRAL_PURPOSES }) @IsIn(REFERRAL_PURPOSES) purpose: ReferralPurpose;
  @ApiPropertyOptional({ enum: SHARED_DATA_ITEMS, isArray: true, description: 'What the partner may receive (default: what the consent covers)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SHARED_DATA_ITEMS.length)
  @ArrayUnique()
  @IsIn(SHARED_DATA_ITEMS, { each: true })
  dataItems?: SharedDataItem[];
  @ApiProperty({ description: 'Send at once (true) or only propose (false)' }) @IsBoolean() send: boolean;
  @ApiPropertyOptional({ description: 'Send without a valid consent: needs consents:override; audited' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  overrideReason?: string;
}

export class SendReferralDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ description: 'Send without a valid consent: needs consents:override; audited' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  overrideReason?: string;
}

export class ReferralActionDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class AnswerReferralDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: PARTNER_ANSWERS }) @IsIn(PARTNER_ANSWERS) status: PartnerAnswer;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class DryRunDto {
  @ApiPropertyOptional({ description: 'Rules to try instead of the stored ones (same shape as the routing rules document)' })
  @IsOptional()
  @IsObject()
  rules?: Record<string, unknown>;
}

export class PartnerResponseDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() referralId: string;
  @ApiProperty({ enum: PARTNER_ANSWERS }) @IsIn(PARTNER_ANSWERS) status: PartnerAnswer;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ description: 'When the partner decided (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) at?: string;
}

export class LinkAnswerDto {
  @ApiProperty({ enum: PARTNER_ANSWERS }) @IsIn(PARTNER_ANSWERS) status: PartnerAnswer;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class TokenQueryDto {
  @ApiProperty() @IsString() @MaxLength(500) token: string;
}

export class PartnerMessageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_MESSAGE_STATUSES }) @IsOptional() @IsIn(PARTNER_MESSAGE_STATUSES) status?: PartnerMessageStatus;
}
