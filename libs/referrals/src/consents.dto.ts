import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@forebyg/cases';
import {
  CONSENT_CHANNELS,
  PARTNER_KINDS,
  REFERRAL_PURPOSES,
  SHARED_DATA_ITEMS,
  type ConsentChannel,
  type PartnerKind,
  type ReferralPurpose,
  type SharedDataItem,
} from '@forebyg/domain';

/** A consent the tenant (or another member of the household) gave: to one partner or every partner of a kind. */
export class RecordConsentDto {
  @ApiProperty({ format: 'uuid', description: 'A current member of the household of the case’s tenancy' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One partner; give this or recipientKind, not both' })
  @IsOptional()
  @IsUUID()
  recipientPartnerId?: string;

  @ApiPropertyOptional({ enum: PARTNER_KINDS, description: 'Every partner of a kind; give this or recipientPartnerId, not both' })
  @IsOptional()
  @IsIn(PARTNER_KINDS)
  recipientKind?: PartnerKind;

  @ApiProperty({ enum: REFERRAL_PURPOSES })
  @IsIn(REFERRAL_PURPOSES)
  purpose: ReferralPurpose;

  @ApiProperty({ enum: SHARED_DATA_ITEMS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SHARED_DATA_ITEMS.length)
  @ArrayUnique()
  @IsIn(SHARED_DATA_ITEMS, { each: true })
  dataItems: SharedDataItem[];

  @ApiProperty({ enum: CONSENT_CHANNELS })
  @IsIn(CONSENT_CHANNELS)
  givenVia: ConsentChannel;

  @ApiProperty({ example: '2026-05-04T10:30:00+02:00', description: 'When it was given; not in the future' })
  @IsISO8601({ strict: true })
  givenAt: string;

  @ApiPropertyOptional({ example: '2027-05-04', description: 'Valid through this day; after the day it was given' })
  @IsOptional()
  @IsCalendarDate()
  expiresOn?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class WithdrawConsentDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
