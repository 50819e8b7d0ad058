import { Module } from '@nestjs/common';
import { AuthCoreModule } from '@forebyg/auth';
import { MaintenanceProcessor } from './maintenance.processor.js';

@Module({ imports: [AuthCoreModule], providers: [MaintenanceProcessor], exports: [MaintenanceProcessor] })
export class MaintenanceModule {}
