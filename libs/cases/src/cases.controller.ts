import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { todayInCopenhagen } from '@forebyg/domain';
import { CaseExport } from './case-export.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CasePartsService } from './case-parts.service.js';
import {
  AgreementDto,
  ApplicationDto,
  AssignDto,
  AssigneeQueryDto,
  BudgetLineDto,
  BulkAssignDto,
  CaseCprSearchDto,
  CaseQueryDto,
  ChangeStageDto,
  CloseCaseDto,
  ContactDto,
  DebtDto,
  IntakeDto,
  NoteDto,
  ReopenCaseDto,
  RiskOverrideDto,
  TaskDto,
  TimelineQueryDto,
  UpdateAgreementDto,
  UpdateApplicationDto,
  UpdateBudgetLineDto,
  UpdateCaseDto,
  UpdateDebtDto,
  UpdateInstalmentDto,
  UpdateNoteDto,
  UpdateTaskDto,
  VersionQueryDto,
} from './dto/index.js';
import { CasesService } from './cases.service.js';

/** The case as a whole: caseload, export, CPR search, intake, stage, assignment, risk override, close, reopen. */
@ApiTags('cases')
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly caseIntake: CaseIntakeService,
    private readonly exporter: CaseExport,
  ) {}

  @Get()
  @RequirePermission('cases:read')
  list(@CurrentActor() actor: Actor, @Query() query: CaseQueryDto) {
    return this.cases.list(actor, query);
  }

  @Get('export.csv')
  @RequirePermission('cases:export')
  async export(@CurrentActor() actor: Actor, @Query() query: CaseQueryDto, @Ctx() ctx: RequestContext) {
    const stream = await this.exporter.export(actor, query, ctx);
    const date = todayInCopenhagen();
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="sager-${date}.csv"` });
  }

  @Post('search-cpr')
  @RequirePermission('cases:read')
  @HttpCode(200)
  searchCpr(@CurrentActor() actor: Actor, @Body() dto: CaseCprSearchDto, @Ctx() ctx: RequestContext) {
    return this.cases.searchByCpr(actor, dto.cpr, ctx);
  }

  @Get('assignees')
  @RequirePermission('cases:read')
  assignees(@CurrentActor() actor: Actor, @Query() query: AssigneeQueryDto) {
    return this.cases.assignees(actor, query.departmentId);
  }

  @Post()
  @RequirePermission('cases:write')
  intake(@CurrentActor() actor: Actor, @Body() dto: IntakeDto, @Ctx() ctx: RequestContext) {
    return this.caseIntake.intake(actor, dto, ctx);
  }

  @Post('bulk-assign')
  @RequirePermission('cases:assign')
  @HttpCode(200)
  bulkAssign(@CurrentActor() actor: Actor, @Body() dto: BulkAssignDto, @Ctx() ctx: RequestContext) {
    return this.cases.bulkAssign(actor, dto, ctx);
  }

  @Get(':id')
  @RequirePermission('cases:read')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.cases.get(actor, id, ctx);
  }

  @Patch(':id')
  @RequirePermission('cases:write')
  update(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateCaseDto, @Ctx() ctx: RequestContext) {
    return this.cases.update(actor, id, dto, ctx);
  }

  @Post(':id/stage')
  @RequirePermission('cases:write')
  @HttpCode(200)
  stage(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: ChangeStageDto, @Ctx() ctx: RequestContext) {
    return this.cases.changeStage(actor, id, dto, ctx);
  }

  @Post(':id/assign')
  @RequirePermission('cases:assign')
  @HttpCode(200)
  assign(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: AssignDto, @Ctx() ctx: RequestContext) {
    return this.cases.assign(actor, id, dto, ctx);
  }

  @Post(':id/risk-override')
  @RequirePermission('cases:write')
  @HttpCode(200)
  riskOverride(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: RiskOverrideDto, @Ctx() ctx: RequestContext) {
    return this.cases.riskOverride(actor, id, dto, ctx);
  }

  @Post(':id/close')
  @RequirePermission('cases:write')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: CloseCaseDto, @Ctx() ctx: RequestContext) {
    return this.cases.close(actor, id, dto, ctx);
  }

  @Post(':id/reopen')
  @RequirePermission('cases:write')
  @HttpCode(200)
  reopen(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: ReopenCaseDto, @Ctx() ctx: RequestContext) {
    return this.cases.reopen(actor, id, dto, ctx);
  }
}

/** The parts of a case: timeline, notes, contacts, tasks, budget, debts, agreement, applications. */
@ApiTags('cases')
@Controller('api/v1/cases/:id')
export class CasePartsController {
  constructor(private readonly parts: CasePartsService) {}

  @Get('timeline')
  @RequirePermission('cases:read')
  timeline(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Query() query: TimelineQueryDto) {
    return this.parts.timeline(actor, id, query);
  }

  @Get('notes')
  @RequirePermission('case-notes:read')
  notes(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext) {
    return this.parts.notes(actor, id, ctx);
  }

  @Post('notes')
  @RequirePermission('case-notes:write')
  addNote(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: NoteDto, @Ctx() ctx: RequestContext) {
    return this.parts.addNote(actor, id, dto, ctx);
  }

  @Patch('notes/:noteId')
  @RequirePermission('case-notes:write')
  updateNote(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('noteId', ParseIdPipe) noteId: string,
    @Body() dto: UpdateNoteDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateNote(actor, id, noteId, dto, ctx);
  }

  @Post('contacts')
  @RequirePermission('cases:write')
  logContact(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: ContactDto, @Ctx() ctx: RequestContext) {
    return this.parts.logContact(actor, id, dto, ctx);
  }

  @Post('tasks')
  @RequirePermission('cases:write')
  addTask(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: TaskDto, @Ctx() ctx: RequestContext) {
    return this.parts.addTask(actor, id, dto, ctx);
  }

  @Patch('tasks/:taskId')
  @RequirePermission('cases:write')
  updateTask(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('taskId', ParseIdPipe) taskId: string,
    @Body() dto: UpdateTaskDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateTask(actor, id, taskId, dto, ctx);
  }

  @Post('budget-lines')
  @RequirePermission('cases:write')
  addBudgetLine(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: BudgetLineDto, @Ctx() ctx: RequestContext) {
    return this.parts.addBudgetLine(actor, id, dto, ctx);
  }

  @Patch('budget-lines/:lineId')
  @RequirePermission('cases:write')
  updateBudgetLine(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('lineId', ParseIdPipe) lineId: string,
    @Body() dto: UpdateBudgetLineDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateBudgetLine(actor, id, lineId, dto, ctx);
  }

  @Delete('budget-lines/:lineId')
  @RequirePermission('cases:write')
  removeBudgetLine(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('lineId', ParseIdPipe) lineId: string,
    @Query() query: VersionQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.removeBudgetLine(actor, id, lineId, query.version, ctx);
  }

  @Post('debts')
  @RequirePermission('cases:write')
  addDebt(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: DebtDto, @Ctx() ctx: RequestContext) {
    return this.parts.addDebt(actor, id, dto, ctx);
  }

  @Patch('debts/:debtId')
  @RequirePermission('cases:write')
  updateDebt(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('debtId', ParseIdPipe) debtId: string,
    @Body() dto: UpdateDebtDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateDebt(actor, id, debtId, dto, ctx);
  }

  @Delete('debts/:debtId')
  @RequirePermission('cases:write')
  removeDebt(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('debtId', ParseIdPipe) debtId: string,
    @Query() query: VersionQueryDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.removeDebt(actor, id, debtId, query.version, ctx);
  }

  @Post('agreements')
  @RequirePermission('cases:write')
  addAgreement(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: AgreementDto, @Ctx() ctx: RequestContext) {
    return this.parts.addAgreement(actor, id, dto, ctx);
  }

  @Patch('agreements/:agreementId')
  @RequirePermission('cases:write')
  updateAgreement(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('agreementId', ParseIdPipe) agreementId: string,
    @Body() dto: UpdateAgreementDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateAgreement(actor, id, agreementId, dto, ctx);
  }

  @Patch('instalments/:instalmentId')
  @RequirePermission('cases:write')
  updateInstalment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('instalmentId', ParseIdPipe) instalmentId: string,
    @Body() dto: UpdateInstalmentDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateInstalment(actor, id, instalmentId, dto, ctx);
  }

  @Post('applications')
  @RequirePermission('cases:write')
  addApplication(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: ApplicationDto, @Ctx() ctx: RequestContext) {
    return this.parts.addApplication(actor, id, dto, ctx);
  }

  @Patch('applications/:applicationId')
  @RequirePermission('cases:write')
  updateApplication(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('applicationId', ParseIdPipe) applicationId: string,
    @Body() dto: UpdateApplicationDto,
    @Ctx() ctx: RequestContext,
  ) {
    return this.parts.updateApplication(actor, id, applicationId, dto, ctx);
  }
}
