import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, Ctx, CurrentActor, DomainError, ParseIdPipe, Public, RequestContext, RequirePermission } from '@forebyg/core';
import { parseRoutingRules } from '@forebyg/domain';
import {
  AnswerReferralDto,
  CreateReferralDto,
  DryRunDto,
  LinkAnswerDto,
  PartnerMessageQueryDto,
  PartnerResponseDto,
  ReferralActionDto,
  SendReferralDto,
  TokenQueryDto,
} from './referrals.dto.js';
import { PartnerAnswersService } from './partner-answers.service.js';
import { PartnerMessagesService } from './partner-messages.service.js';
import { ReferralsService } from './referrals.service.js';

/** The referral panel of a case: recommendations with reasons, the referrals and their answers, the municipal notice. */
@ApiTags('referrals')
@Controller('api/v1/cases/:id')
export class CaseReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get('referrals')
  @RequirePermission('referrals:read')
  overview(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.referrals.overview(actor, id, ctx);
  }

  @Post('routing/dry-run')
  @RequirePermission('referrals:read')
  @HttpCode(200)
  dryRun(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: DryRunDto) {
    let rules;
    if (dto.rules !== undefined && dto.rules !== null) {
      const parsed = parseRoutingRules(dto.rules);
      if (!parsed.ok) throw DomainError.validation(parsed.errors.map((e) => ({ ...e, field: e.field ? `rules.${e.field}` : 'rules' })));
      rules = parsed.rules;
    }
    return this.referrals.dryRun(actor, id, rules);
  }

  @Post('referrals')
  @RequirePermission('referrals:write')
  @HttpCode(201)
  create(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: CreateReferralDto, @Ctx() ctx: RequestContext) {
    return this.referrals.create(actor, id, dto, ctx);
  }

  @Post('referrals/:rid/send')
  @RequirePermission('referrals:write')
  @HttpCode(200)
  send(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('rid', ParseIdPipe) rid: string,
    @Body() dto: SendReferralDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.referrals.send(actor, id, rid, dto, ctx);
  }

  @Post('referrals/:rid/dismiss')
  @RequirePermission('referrals:write')
  @HttpCode(200)
  dismiss(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('rid', ParseIdPipe) rid: string,
    @Body() dto: ReferralActionDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.referrals.dismiss(actor, id, rid, dto, ctx);
  }

  @Post('referrals/:rid/withdraw')
  @RequirePermission('referrals:write')
  @HttpCode(200)
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('rid', ParseIdPipe) rid: string,
    @Body() dto: ReferralActionDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.referrals.withdraw(actor, id, rid, dto, ctx);
  }

  @Post('referrals/:rid/answer')
  @RequirePermission('referrals:write')
  @HttpCode(200)
  answer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('rid', ParseIdPipe) rid: string,
    @Body() dto: AnswerReferralDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.referrals.answer(actor, id, rid, dto, ctx);
  }
}

/** The messages to partners with their delivery state; the dead letter and resending (admins). */
@ApiTags('referrals')
@Controller('api/v1/partner-messages')
export class PartnerMessagesController {
  constructor(private readonly messages: PartnerMessagesService) {}

  @Get()
  @RequirePermission('partners:admin')
  list(@CurrentActor() actor: Actor, @Query() query: PartnerMessageQueryDto) {
    return this.messages.list(actor, query);
  }

  @Post(':mid/resend')
  @RequirePermission('partners:admin')
  @HttpCode(200)
  resend(@CurrentActor() actor: Actor, @Param('mid', ParseIdPipe) mid: string, @Ctx() ctx: RequestContext) {
    return this.messages.resend(actor, mid, ctx);
  }
}

/**
 * Partners' answers (public, authenticated by signature): the signed callback of the spec, and the signed link of
 * the e-mail (`respondUrl`, shown by the web UI's page /svar/:id).
 */
@ApiTags('partner-responses')
@Controller('api/v1/partner-responses')
export class PartnerResponsesController {
  constructor(private readonly answers: PartnerAnswersService) {}

  @Post()
  @Public()
  @HttpCode(200)
  callback(
    @Req() req: FastifyRequest & { rawBody?: string },
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() dto: PartnerResponseDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.answers.callback(headers, req.rawBody, dto, ctx);
  }

  @Get(':rid')
  @Public()
  view(@Param('rid', ParseIdPipe) rid: string, @Query() query: TokenQueryDto, @Ctx() ctx: RequestContext) {
    return this.answers.linkView(rid, query.token, ctx);
  }

  @Post(':rid')
  @Public()
  @HttpCode(200)
  answer(@Param('rid', ParseIdPipe) rid: string, @Query() query: TokenQueryDto, @Body() dto: LinkAnswerDto, @Ctx() ctx: RequestContext) {
    return this.answers.linkAnswer(rid, query.token, dto.status, dto.note ?? null, ctx);
  }
}
