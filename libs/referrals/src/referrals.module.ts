import { Module } from '@nestjs/common';
import { Clock } from '@forebyg/core';
import { CaseRefreshModule, CasesModule } from '@forebyg/cases';
import { NotificationsWorkerModule } from '@forebyg/notifications';
import { MessageContent } from './message-content.js';
import { PartnerAnswersService } from './partner-answers.service.js';
import { PartnerDeliveryProcessor } from './partner-delivery.processor.js';
import { PartnerMessagesService } from './partner-messages.service.js';
import { PartnerSecrets } from './partner-secrets.js';
import { ReferralSending } from './referral-sending.js';
import { ReferralSweep } from './referral-sweep.js';
import { CaseReferralsController, PartnerMessagesController, PartnerResponsesController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';
import { RoutingContext } from './routing-context.js';

/** The api side of referrals: the case's referral panel, the dry run, partners' answers, the dead letter. */
@Module({
  imports: [CasesModule],
  controllers: [CaseReferralsController, PartnerMessagesController, PartnerResponsesController],
  providers: [Clock, PartnerSecrets, RoutingContext, ReferralSending, MessageContent, ReferralsService, PartnerAnswersService, PartnerMessagesService],
  exports: [ReferralsService],
})
export class ReferralsModule {}

/** The worker side: delivering messages to partners, and the sweep (automatic routing, municipal notices, withdrawals). */
@Module({
  imports: [CaseRefreshModule, NotificationsWorkerModule],
  providers: [Clock, PartnerSecrets, RoutingContext, ReferralSending, MessageContent, ReferralSweep, PartnerDeliveryProcessor],
  exports: [PartnerDeliveryProcessor, ReferralSweep],
})
export class ReferralsWorkerModule {}
