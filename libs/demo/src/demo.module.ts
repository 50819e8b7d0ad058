import { Module } from '@nestjs/common';
import { AuthCoreModule } from '@forebyg/auth';
import { CasesModule } from '@forebyg/cases';
import { PartnersModule } from '@forebyg/referrals';
import { TenanciesModule } from '@forebyg/tenancies';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [AuthCoreModule, TenanciesModule, CasesModule, PartnersModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
