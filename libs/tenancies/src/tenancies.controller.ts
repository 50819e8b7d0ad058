import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { PersonsService } from './persons.service.js';
import { CprSearchDto, RevealCprDto, TenancyQueryDto } from './tenancies.dto.js';

@ApiTags('tenancies')
@Controller('api/v1')
export class TenanciesController {
  constructor(private readonly persons: PersonsService) {}

  @Get('tenancies')
  @RequirePermission('tenancies:read')
  list(@CurrentActor() actor: Actor, @Query() query: TenancyQueryDto) {
    return this.persons.listTenancies(actor, query);
  }

  @Get('tenancies/:id')
  @RequirePermission('tenancies:read')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.persons.getTenancy(actor, id, ctx);
  }

  @Get('persons/:id')
  @RequirePermission('persons:read')
  person(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.persons.getPerson(actor, id, ctx);
  }

  @Post('persons/:id/reveal-cpr')
  @RequirePermission('persons:reveal-cpr')
  @HttpCode(200)
  reveal(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RevealCprDto, @Ctx() ctx: RequestContext) {
    return this.persons.revealCpr(actor, id, dto.purpose, ctx);
  }

  @Post('persons/search')
  @RequirePermission('persons:read')
  @HttpCode(200)
  search(@CurrentActor() actor: Actor, @Body() dto: CprSearchDto, @Ctx() ctx: RequestContext) {
    return this.persons.searchByCpr(actor, dto.cpr, ctx);
  }
}
