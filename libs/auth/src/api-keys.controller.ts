import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, PageQueryDto, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { CreateApiKeyDto } from './api-keys.dto.js';
import { ApiKeysService } from './api-keys.service.js';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @RequirePermission('api-keys:manage')
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.keys.list(actor, query);
  }

  /** The secret is in this response only; it is stored hashed and cannot be shown again. */
  @Post()
  @RequirePermission('api-keys:manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto, @Ctx() ctx: RequestContext) {
    return this.keys.create(actor.organisationId, actor, dto, ctx);
  }

  @Post(':id/revoke')
  @RequirePermission('api-keys:manage')
  @HttpCode(200)
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.keys.revoke(actor.organisationId, actor, id, ctx);
  }
}
