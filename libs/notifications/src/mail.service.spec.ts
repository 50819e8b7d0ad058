import { loadConfig } from '@forebyg/core';
import { startSmtpCatcher, SmtpCatcher } from '../../../test/support/smtp-catcher.js';
import { MailService } from './mail.service.js';

/** The SMTP settings beyond the URL reach the connection (nodemailer reads only the URL when given one). */
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(async () => {
  await smtp?.close();
});

const mail = { to: 'sagsbehandler@test.dk', subject: 'Test', text: 'Hej', html: '<p>Hej</p>', messageId: '<test-1@forebyg>' };

it('SMTP_REQUIRE_TLS refuses a server that offers no STARTTLS', async () => {
  const service = new MailService(loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url, SMTP_REQUIRE_TLS: 'true' }));
  try {
    await expect(service.send(mail)).rejects.toThrow(/STARTTLS/);
  } finally {
    service.onModuleDestroy();
  }
  expect(smtp.mails).toHaveLength(0);
});

it('sends over the URL given, with the stable Message-ID, several mails over pooled connections', async () => {
  const service = new MailService(loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url }));
  try {
    await Promise.all([1, 2, 3].map((i) => service.send({ ...mail, messageId: `<test-${i}@forebyg>` })));
  } finally {
    service.onModuleDestroy();
  }
  expect(smtp.mails.map((m) => m.messageId).sort()).toEqual(['test-1@forebyg', 'test-2@forebyg', 'test-3@forebyg']);
});
