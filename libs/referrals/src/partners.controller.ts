import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { CreatePartnerDto, PartnerQueryDto, RotateSecretDto, RoutingRulesDto, UpdatePartnerDto } from './partners.dto.js';
import { PartnersService } from './partners.service.js';
import { RoutingRulesService } from './routing-rules.service.js';

/** The partner registry and the routing rules (docs/referrals.md). Secrets appear only in create and rotate answers. */
@ApiTags('partners')
@Controller('api/v1')
export class PartnersController {
  constructor(
    private readonly partners: PartnersService,
    private readonly rules: RoutingRulesService,
  ) {}

  @Get('partners')
  @RequirePermission('partners:read')
  list(@CurrentActor() actor: Actor, @Query() query: PartnerQueryDto) {
    return this.partners.list(actor, query);
  }

  @Get('partners/:id')
  @RequirePermission('partners:read')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.partners.get(actor, id);
  }

  @Post('partners')
  @RequirePermission('partners:admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePartnerDto, @Ctx() ctx: RequestContext) {
    return this.partners.create(actor, dto, ctx);
  }

  @Put('partners/:id')
  @RequirePermission('partners:admin')
  update(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdatePartnerDto, @Ctx() ctx: RequestContext) {
    return this.partners.update(actor, id, dto, ctx);
  }

  @Post('partners/:id/rotate-secret')
  @RequirePermission('partners:admin')
  @HttpCode(200)
  rotateSecret(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RotateSecretDto, @Ctx() ctx: RequestContext) {
    return this.partners.rotateSecret(actor, id, dto.version, ctx);
  }

  @Get('referrals/routing-rules')
  @RequirePermission('partners:read')
  routingRules(@CurrentActor() actor: Actor) {
    return this.rules.view(actor);
  }

  @Put('referrals/routing-rules')
  @RequirePermission('partners:admin')
  putRoutingRules(@CurrentActor() actor: Actor, @Body() dto: RoutingRulesDto, @Ctx() ctx: RequestContext) {
    return this.rules.put(actor, dto, ctx);
  }
}
