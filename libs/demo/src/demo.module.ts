import { Module } from '@nestjs/common';
import { AuthCoreModule } from '@forebyg/auth';
import { TenanciesModule } from '@forebyg/tenancies';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [AuthCoreModule, TenanciesModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
