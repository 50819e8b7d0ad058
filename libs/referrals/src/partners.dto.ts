import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
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
} from 'class-validator';
import {
  CONTACT_KINDS,
  PARTNER_CHANNELS,
  PARTNER_KINDS,
  REFERRAL_PURPOSES,
  type ContactKind,
  type PartnerChannel,
  type PartnerKind,
  type ReferralPurpose,
} from '@forebyg/domain';

// Domain vocabulary (the web UI shares it); exported here too for this lib's callers.
export { CONTACT_KINDS, PARTNER_CHANNELS, type ContactKind, type PartnerChannel } from '@forebyg/domain';

/** ISO 639-1: every two-letter language code (a partner's languages are compared with a tenant's preferred one). */
export const ISO_639_1: readonly string[] = (
  'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es ' +
  'et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj ' +
  'kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ' +
  'ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti ' +
  'tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
).split(' ');

const notNull = (_: unknown, v: unknown) => v !== undefined && v !== null;

/**
 * A partner as an admin enters it. On create, absent fields take their defaults; on update (PUT with `version`)
 * absent fields keep their current value and `null` clears an optional one. The rules that depend on more than
 * one field (kind, channel, departments, municipality) are checked by the service on the result.
 */
export class PartnerFieldsDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Gældsrådgivningen i Albertslund' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '165', description: 'municipal only: the municipality the contact point serves' })
  @ValidateIf(notNull)
  @Matches(/^[0-9]{3}$/, { message: 'municipalityCode must be a three-digit municipality code' })
  municipalityCode?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Municipality codes served; empty = the whole country', example: ['101', '147'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(98)
  @ArrayUnique()
  @Matches(/^[0-9]{3}$/, { each: true, message: 'each area must be a three-digit municipality code' })
  areas?: string[];

  @ApiPropertyOptional({ enum: REFERRAL_PURPOSES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REFERRAL_PURPOSES, { each: true })
  services?: ReferralPurpose[];

  @ApiPropertyOptional({ type: [String], description: 'ISO 639-1 codes, lower case', example: ['da', 'en', 'ar'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(ISO_639_1, { each: true, message: 'each language must be an ISO 639-1 code in lower case' })
  languages?: string[];

  @ApiPropertyOptional({ enum: CONTACT_KINDS, nullable: true })
  @ValidateIf(notNull)
  @IsIn(CONTACT_KINDS)
  contactKind?: ContactKind | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 200 })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(200)
  contactName?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 40 })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 320 })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(320)
  @Matches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'email must be an e-mail address' })
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 500 })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(500)
  openingHours?: string | null;

  @ApiPropertyOptional({ enum: PARTNER_CHANNELS })
  @IsOptional()
  @IsIn(PARTNER_CHANNELS)
  channel?: PartnerChannel;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000, example: 'https://partner.example/forebyg/webhook' })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({ description: 'Default: false for own counselling (which never needs consent), true otherwise' })
  @IsOptional()
  @IsBoolean()
  requiresConsent?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'Free places now' })
  @ValidateIf(notNull)
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(notNull)
  @IsInt()
  @Min(0)
  @Max(3650)
  waitingDays?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  accredited?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 60, default: 5, description: 'Danish business days to answer a referral' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  answerDays?: number;

  @ApiPropertyOptional({ type: [String], description: 'own_counselling only: the departments covered' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional({ description: 'false deactivates the partner' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** `name` and `channel` are required on create (the service reports them as `required` when absent). */
export class CreatePartnerDto extends PartnerFieldsDto {
  @ApiProperty({ enum: PARTNER_KINDS })
  @IsIn(PARTNER_KINDS)
  kind: PartnerKind;
}

export class UpdatePartnerDto extends PartnerFieldsDto {
  @ApiProperty({ description: 'The version this change is based on' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ enum: PARTNER_KINDS, description: 'A partner keeps its kind; give it only unchanged' })
  @IsOptional()
  @IsIn(PARTNER_KINDS)
  kind?: PartnerKind;
}

export class RotateSecretDto {
  @ApiProperty({ description: 'The version this change is based on' })
  @IsInt()
  @Min(1)
  version: number;
}

export class PartnerQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_KINDS })
  @IsOptional()
  @IsIn(PARTNER_KINDS)
  kind?: PartnerKind;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class RoutingRulesDto {
  @ApiPropertyOptional({ nullable: true, description: 'The version this change is based on (omit while the defaults apply)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;

  @ApiProperty({ description: '{ rules, preferences, auto } (see docs/referrals.md); validated as a whole, errors name field paths' })
  @IsObject()
  rules: Record<string, unknown>;
}
