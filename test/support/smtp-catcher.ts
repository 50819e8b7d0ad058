import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  /** The Message-ID header (the sender's stable id of the logical message), without the angle brackets. */
  messageId: string | null;
  raw: string;
  /** The raw message with quoted-printable soft line breaks and escapes undone (UTF-8), for text assertions. */
  decoded: string;
}

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface SmtpCatcher {
  url: string;
  /** Every message accepted: the server answered 250 to its DATA, so the sender was told it was delivered. */
  mails: CaughtMail[];
  /** Stop answering DATA: messages received from now on wait for release() (their senders wait for the 250). */
  hold(): void;
  /** Answer the held messages (and the ones to come). A held message whose sender hung up is discarded, not kept. */
  release(): void;
  /** Messages waiting for their answer right now. */
  readonly heldCount: number;
  /** Held messages whose sender is still connected (a sender that was killed shows here until its close is seen). */
  readonly heldConnected: number;
  /** Messages discarded because their sender hung up before the server answered (never reported delivered). */
  readonly discarded: number;
  close(): Promise<void>;
}

export interface SmtpCatcherOptions {
  /** Answer each DATA after this many milliseconds, to slow delivery down (default: at once). */
  ackDelayMs?: number;
}

const MESSAGE_ID = /^Message-ID:\s*<([^>\r\n]+)>/im;

/**
 * A real SMTP server on a free port that keeps every message it is given, for tests of e-mail delivery. A message
 * counts as delivered when the server answers its DATA with 250 (RFC 5321: the server takes responsibility then),
 * so a sender that dies while waiting for that answer has delivered nothing; hold() lets a test choose that moment.
 */
export async function startSmtpCatcher(opts: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const closed = new Set<string>();
  let held: { session: string; answer: () => void }[] | null = null;
  let discarded = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: CaughtMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: MESSAGE_ID.exec(raw)?.[1] ?? null,
          raw,
          decoded: decodeQuotedPrintable(raw),
        };
        const answer = () => {
          if (held) {
            held.push({ session: session.id, answer });
            return;
          }
          if (closed.has(session.id)) {
            discarded++;
            return;
          }
          mails.push(mail);
          callback();
        };
        if (opts.ackDelayMs) setTimeout(answer, opts.ackDelayMs);
        else answer();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  // A sender killed mid-message resets its connection, which the server reports as an error event: not a reason to crash.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const h of waiting) h.answer();
    },
    get heldCount() {
      return held?.length ?? 0;
    },
    get heldConnected() {
      return held?.filter((h) => !closed.has(h.session)).length ?? 0;
    },
    get discarded() {
      return discarded;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
