import { Module } from '@nestjs/common';
import { Clock } from '@forebyg/core';
import { CaseRefreshModule, CasesModule } from '@forebyg/cases';
import { TenanciesModule } from '@forebyg/tenancies';
import { ArrearsController } from './arrears.controller.js';
import { ArrearsImportProcessor } from './arrears-import.processor.js';
import { ArrearsImportService } from './arrears-import.service.js';
import { SnapshotApplier } from './snapshot-applier.js';
import { SnapshotStager } from './snapshot-stager.js';
import { TriggerRulesService } from './trigger-rules.service.js';
import { UploadCipher } from './upload-cipher.js';

/** The api side of the arrears intake: receiving snapshots, import history, trigger rules. */
@Module({
  imports: [CasesModule],
  controllers: [ArrearsController],
  providers: [ArrearsImportService, TriggerRulesService, UploadCipher],
  exports: [ArrearsImportService],
})
export class ArrearsModule {}

/** The worker side: parsing, staging and applying snapshots. */
@Module({
  imports: [CaseRefreshModule, TenanciesModule],
  providers: [Clock, UploadCipher, SnapshotStager, SnapshotApplier, ArrearsImportProcessor],
  exports: [ArrearsImportProcessor, SnapshotApplier],
})
export class ArrearsWorkerModule {}
