import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { Actor, Ctx, CurrentActor, DomainError, ErrorCode, PageQueryDto, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { CaseRepository } from '@forebyg/cases';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ImportQueryDto, TriggerRuleDto } from './arrears.dto.js';
import { ArrearsImportService } from './arrears-import.service.js';
import { TriggerRulesService } from './trigger-rules.service.js';
import { VersionQueryDto } from '@forebyg/cases';

type MultipartRequest = FastifyRequest & {
  isMultipart?: () => boolean;
  file?: () => Promise<
    | { file: AsyncIterable<Buffer> & { truncated?: boolean }; mimetype: string; fields: Record<string, { value?: unknown } | unknown> }
    | undefined
  >;
};

function fieldValue(fields: Record<string, unknown>, name: string): string | undefined {
  const f = fields[name] as { value?: unknown } | undefined;
  return typeof f?.value === 'string' ? f.value : undefined;
}

/** The arrears snapshot endpoints of the spec (`../shared/spec/arrears-import.md`), the import history and the trigger rules. */
@ApiTags('arrears')
@Controller('api/v1')
export class ArrearsController {
  constructor(
    private readonly imports: ArrearsImportService,
    private readonly rules: TriggerRulesService,
    private readonly cases: CaseRepository,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Post('arrears/imports')
  @RequirePermission('arrears:write')
  @HttpCode(202)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ description: 'The CSV file as the body (text/csv), or a form with the file in field `file`' })
  async upload(
    @CurrentActor() actor: Actor,
    @Req() req: MultipartRequest,
    @Query() query: ImportQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data') && req.file) {
      const part = await req.file();
      if (!part) throw DomainError.validation([{ field: 'file', reason: 'required', message: 'Send the CSV file in the form field `file`' }]);
      const fields = part.fields as Record<string, unknown>;
      const result = await this.imports.receive(
        actor,
        {
          format: 'csv',
          body: guardTruncation(part.file),
          contentType: part.mimetype,
          asOf: query.asOf ?? fieldValue(fields, 'asOf'),
          source: query.source ?? fieldValue(fields, 'source'),
          departments: query.departments ?? fieldValue(fields, 'departments'),
          idempotencyKey,
        },
        ctx,
      );
      return result;
    }
    if (type.startsWith('text/csv') || type.startsWith('application/csv')) {
      return this.imports.receive(actor, { format: 'csv', body: req.body as Readable, contentType: type, ...query, idempotencyKey }, ctx);
    }
    throw new DomainError(ErrorCode.UnsupportedMediaType, 'Send the snapshot as text/csv or as multipart/form-data with the file in `file`');
  }

  @Post('arrears/snapshots')
  @RequirePermission('arrears:write')
  @HttpCode(202)
  @ApiConsumes('application/json')
  @ApiBody({ description: '{ source?, asOf?, departments?, rows: [...] } as in the spec' })
  snapshot(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Headers('idempotency-key') idempotencyKey: string | undefined, @Ctx() ctx: RequestContext) {
    return this.imports.receive(actor, { format: 'json', body: req.body as Readable, contentType: 'application/json', idempotencyKey }, ctx);
  }

  @Get('arrears/imports')
  @RequirePermission('arrears:write')
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.imports.list(actor, query);
  }

  @Get('arrears/imports/:id')
  @RequirePermission('arrears:write')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.imports.find(actor, id);
  }

  @Get('arrears/imports/:id/errors')
  @RequirePermission('arrears:write')
  errors(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Query() query: PageQueryDto) {
    return this.imports.errors(actor, id, query);
  }

  @Get('arrears/imports/:id/errors.csv')
  @RequirePermission('arrears:write')
  async errorReport(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    const batches = this.imports.errorReport(actor, id);
    const first = await batches.next();
    async function* lines() {
      yield '\uFEFF' + stringify([['Linje', 'Kolonne', 'Årsag', 'Detalje']], { delimiter: ';', record_delimiter: '\r\n' });
      let current = first;
      while (!current.done) {
        yield stringify(
          current.value.map((e) => [e.line ?? '', e.column ?? '', e.reason, (e.detail ?? '').replace(/^lines /, 'linje ')]),
          { delimiter: ';', record_delimiter: '\r\n', escape_formulas: true, quoted_match: /[\r\n]/ },
        );
        current = await batches.next();
      }
    }
    return new StreamableFile(Readable.from(lines()), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="restanceimport-${id}-fejl.csv"` });
  }

  @Post('arrears/imports/:id/replay')
  @RequirePermission('arrears:admin')
  @HttpCode(202)
  replay(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.imports.replay(actor, id, ctx);
  }

  @Get('arrears/trigger-rules')
  @RequirePermission('arrears:admin')
  triggerRules(@CurrentActor() actor: Actor) {
    return this.rules.view(actor);
  }

  @Put('arrears/trigger-rules/organisation')
  @RequirePermission('arrears:admin')
  putOrganisationRule(@CurrentActor() actor: Actor, @Body() dto: TriggerRuleDto, @Ctx() ctx: RequestContext) {
    return this.rules.put(actor, null, dto, ctx);
  }

  @Put('arrears/trigger-rules/departments/:departmentId')
  @RequirePermission('arrears:admin')
  putDepartmentRule(
    @CurrentActor() actor: Actor,
    @Param('departmentId', ParseIdPipe) departmentId: string,
    @Body() dto: TriggerRuleDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.rules.put(actor, departmentId, dto, ctx);
  }

  @Delete('arrears/trigger-rules/departments/:departmentId')
  @RequirePermission('arrears:admin')
  removeDepartmentRule(
    @CurrentActor() actor: Actor,
    @Param('departmentId', ParseIdPipe) departmentId: string,
    @Query() query: VersionQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.rules.removeDepartmentRule(actor, departmentId, query.version, ctx);
  }

  /** The tenancy's arrears over time, for the chart on the case page. */
  @Get('cases/:id/arrears-history')
  @RequirePermission('cases:read')
  async arrearsHistory(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    const found = await this.cases.summary(actor, id);
    if (!found) throw DomainError.notFound('Case');
    const items = await this.ds.query(
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS "asOf", arrears_ore::float8 AS "arrearsOre" FROM arrears_history
        WHERE tenancy_id = $1 AND as_of > current_date - 730 ORDER BY as_of`,
      [found.tenancyId],
    );
    return { tenancyId: found.tenancyId, monthlyRentOre: found.monthlyRentOre, items };
  }
}

/** @fastify/multipart cuts a file at the size limit and marks it truncated; that must be a 413, not a short import. */
async function* guardTruncation(file: AsyncIterable<Buffer> & { truncated?: boolean }): AsyncGenerator<Buffer> {
  for await (const chunk of file) yield chunk;
  if (file.truncated) throw new DomainError(ErrorCode.PayloadTooLarge, 'The file is larger than the upload limit');
}
