import { Module } from '@nestjs/common';
import { Clock } from '@forebyg/core';
import { CasesModule } from '@forebyg/cases';
import { ConsentsController } from './consents.controller.js';
import { ConsentsService } from './consents.service.js';
import { PartnerSecrets } from './partner-secrets.js';
import { PartnersController } from './partners.controller.js';
import { PartnersService } from './partners.service.js';
import { RoutingRulesService } from './routing-rules.service.js';

/** The api side of the partner registry, the routing rules and the consent ledger. */
@Module({
  imports: [CasesModule],
  controllers: [PartnersController, ConsentsController],
  providers: [Clock, PartnerSecrets, PartnersService, RoutingRulesService, ConsentsService],
  exports: [PartnerSecrets, PartnersService, RoutingRulesService, ConsentsService],
})
export class PartnersModule {}
