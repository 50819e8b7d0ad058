import { Module } from '@nestjs/common';
import { Clock } from '@forebyg/core';
import { EscalationController } from './escalation.controller.js';
import { EscalationProcessor } from './escalation.processor.js';
import { EscalationService } from './escalation.service.js';

/** The api side: this week's list, the admin preview, the criteria. */
@Module({ controllers: [EscalationController], providers: [Clock, EscalationService], exports: [EscalationService] })
export class EscalationModule {}

/** The worker side: the weekly run and its reconciler. */
@Module({ providers: [Clock, EscalationService, EscalationProcessor], exports: [EscalationService, EscalationProcessor] })
export class EscalationWorkerModule {}
