import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { RecordConsentDto, WithdrawConsentDto } from './consents.dto.js';
import { ConsentsService } from './consents.service.js';

/** The consent ledger of a case's household. The case must be visible to the caller (404 otherwise). */
@ApiTags('consents')
@Controller('api/v1/cases/:id/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  @RequirePermission('consents:read')
  list(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.consents.list(actor, id, ctx);
  }

  @Post()
  @RequirePermission('consents:write')
  record(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RecordConsentDto, @Ctx() ctx: RequestContext) {
    return this.consents.record(actor, id, dto, ctx);
  }

  @Post(':consentId/withdraw')
  @RequirePermission('consents:write')
  @HttpCode(200)
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('consentId', ParseIdPipe) consentId: string,
    @Body() dto: WithdrawConsentDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.consents.withdraw(actor, id, consentId, dto, ctx);
  }
}
