import { Module } from '@nestjs/common';
import { Clock } from '@forebyg/core';
import { CaseRefreshModule } from '@forebyg/cases';
import { MailProcessor } from './mail.processor.js';
import { MailService } from './mail.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxRelay } from './outbox-relay.js';
import { ReminderProcessor } from './reminder.processor.js';

/** The api side: the bell and the e-mail preference. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService],
})
export class NotificationsModule {}

/** The worker side: the outbox relay, reminders firing, e-mail delivery. */
@Module({
  imports: [CaseRefreshModule],
  providers: [Clock, MailService, OutboxRelay, ReminderProcessor, MailProcessor],
  exports: [OutboxRelay, ReminderProcessor, MailProcessor, MailService],
})
export class NotificationsWorkerModule {}
