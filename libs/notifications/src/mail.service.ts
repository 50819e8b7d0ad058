import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { APP_CONFIG, AppConfig } from '@forebyg/core';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per logical message, so a resend after a crash can be recognised downstream. */
  messageId: string;
}

/** E-mail over SMTP with nodemailer; without SMTP_URL nothing is sent and `enabled` is false. */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private transporter: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  private transport(): Transporter {
    if (this.transporter) return this.transporter;
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not set');
    // Given a URL, nodemailer takes its settings from the URL alone (a second argument only holds defaults for the
    // messages), so the URL is parsed and the rest merged in. A pool of connections, one per concurrent mail job:
    // a new connection per message costs the server's greeting (and any greeting delay) every time.
    const options: SMTPPool.Options & { maxRequeues: number } = {
      ...parseConnectionUrl(this.config.SMTP_URL),
      requireTLS: this.config.SMTP_REQUIRE_TLS,
      pool: true,
      maxConnections: 5,
      // A message whose connection drops fails its job (retried with backoff by the queue); the pool alone would
      // resend it at once, without limit.
      maxRequeues: 0,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    };
    this.transporter = nodemailer.createTransport(options);
    return this.transporter;
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport().sendMail({ from: this.config.MAIL_FROM, ...mail, messageId: mail.messageId });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
    this.transporter = null;
    void this.logger;
  }
}
