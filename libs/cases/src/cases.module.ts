import { Module } from '@nestjs/common';
import { Clock } from '@forebyg/core';
import { TenanciesModule } from '@forebyg/tenancies';
import { CaseExport } from './case-export.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CasePartsService } from './case-parts.service.js';
import { CaseRefresher } from './case-refresher.js';
import { ReminderScheduler } from './case-reminders.js';
import { CaseRepository } from './case.repository.js';
import { CaseViews } from './case-views.js';
import { CaseWriter } from './case-writer.js';
import { CasePartsController, CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

/** The case workbench: cases, their parts and timeline, the caseload and its export. */
@Module({
  imports: [TenanciesModule],
  controllers: [CasesController, CasePartsController],
  providers: [Clock, ReminderScheduler, CaseRepository, CaseRefresher, CaseViews, CaseWriter, CaseIntakeService, CasesService, CasePartsService, CaseExport],
  exports: [CaseRepository, CaseRefresher, CaseViews, CaseWriter, CaseIntakeService, CasesService, CasePartsService],
})
export class CasesModule {}

/** What the worker needs: the nightly refresh of every open case's clock and risk. */
@Module({
  providers: [Clock, ReminderScheduler, CaseRepository, CaseRefresher],
  exports: [CaseRefresher, ReminderScheduler],
})
export class CaseRefreshModule {}
