import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { AuditSearchDto } from './audit-search.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('api/v1')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit')
  @RequirePermission('audit:read')
  async search(@CurrentActor() actor: Actor, @Query() query: AuditSearchDto, @Ctx() ctx: RequestContext) {
    const page = await this.audit.search(actor, query);
    await this.audit.record({ action: 'audit.searched', actor, context: ctx, details: { filters: Object.keys(query) } });
    return page;
  }

  /** One person's access history: who read or changed their data, when and why. */
  @Get('persons/:personId/access-history')
  @RequirePermission('audit:read')
  async personHistory(
    @CurrentActor() actor: Actor,
    @Param('personId', ParseIdPipe) personId: string,
    @Query() query: AuditSearchDto,
    @Ctx() ctx: RequestContext,
  ) {
    const page = await this.audit.search(actor, { ...query, personId });
    await this.audit.record({ action: 'audit.searched', actor, personId, context: ctx, details: { personHistory: true } });
    return page;
  }
}
