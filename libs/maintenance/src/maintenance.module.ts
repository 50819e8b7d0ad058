import { Module } from '@nestjs/common';
import { AuthCoreModule } from '@forebyg/auth';
import { CaseRefreshModule } from '@forebyg/cases';
import { MaintenanceProcessor } from './maintenance.processor.js';

@Module({ imports: [AuthCoreModule, CaseRefreshModule], providers: [MaintenanceProcessor], exports: [MaintenanceProcessor] })
export class MaintenanceModule {}
