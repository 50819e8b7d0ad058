import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import PostalMime, { type Address } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** One message the catcher was given, parsed for display. */
export interface CaughtMessage {
  /** Sortable by arrival: `<ms since epoch>-<random>`; also the .eml file's name. */
  id: string;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  attachments: number;
  size: number;
}

export interface MailCatcherOptions {
  /** SMTP port to try first; the next free one is taken if it is in use (0: any free port). */
  smtpPort: number;
  /** Port of the web inbox to try first; likewise. */
  httpPort: number;
  /** Folder for the messages as .eml files, so they survive restarts; null keeps them in memory only. */
  dir?: string | null;
  /** The newest this many are kept (and their files); older ones are dropped. */
  maxMessages?: number;
  /** Largest message accepted, in bytes. */
  maxMessageBytes?: number;
  onLog?: (line: string) => void;
}

export interface MailCatcherHandle {
  /** For SMTP_URL: `smtp://127.0.0.1:<port>`. */
  smtpUrl: string;
  /** The web inbox: `http://localhost:<port>`. */
  inboxUrl: string;
  smtpPort: number;
  httpPort: number;
  /** Newest first. */
  messages(): CaughtMessage[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const PORT_ATTEMPTS = 20;

/**
 * A local mail catcher for `npm start` without SMTP_URL: an SMTP server on 127.0.0.1 that accepts every message
 * (no relaying, no authentication, loopback only) and keeps it, plus a small web inbox on 127.0.0.1 listing the
 * messages and showing each one's text and HTML. The HTML of a message is served on its own URL with a CSP
 * sandbox (no script, no same-origin, no remote content) and shown in a sandboxed iframe; every other value is
 * escaped. Only for development: it must never stand in for a real mail server.
 */
export async function startMailCatcher(opts: MailCatcherOptions): Promise<MailCatcherHandle> {
  const log = opts.onLog ?? (() => undefined);
  const maxMessages = opts.maxMessages ?? 500;
  const dir = opts.dir ? path.resolve(opts.dir) : null;
  const store = new MessageStore(dir, maxMessages);
  if (dir) await store.load(log);

  const smtp = new SMTPServer({
    name: 'forebyg-mail-catcher',
    banner: 'Forebyg mail catcher (development only)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: opts.maxMessageBytes ?? 20 * 1024 * 1024,
    logger: false,
    onConnect(session, callback) {
      // Loopback only, even if someone binds it elsewhere later.
      const ip = session.remoteAddress.replace(/^::ffff:/, '');
      callback(ip === '127.0.0.1' || ip === '::1' ? undefined : new Error('Only local connections are accepted'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = new Error('Message too large') as Error & { responseCode: number };
          err.responseCode = 552;
          return callback(err);
        }
        store
          .add(Buffer.concat(chunks))
          .then((m) => {
            log(`Caught mail to ${m.to.join(', ') || '(no recipient)'}: ${m.subject}`);
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  smtp.on('error', (err: Error) => log(`mail catcher SMTP error: ${err.message}`));
  const smtpPort = await listenOnFreePort(smtp.server as Server, opts.smtpPort);

  const http = createServer((req, res) => {
    handle(req, res, store, httpPort).catch((err: Error) => {
      log(`mail catcher inbox error: ${err.message}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
    });
  });
  let httpPort = 0;
  try {
    httpPort = await listenOnFreePort(http, opts.httpPort);
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw err;
  }

  return {
    smtpUrl: `smtp://${HOST}:${smtpPort}`,
    inboxUrl: `http://localhost:${httpPort}`,
    smtpPort,
    httpPort,
    messages: () => store.list(),
    stop: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}

/** Listens on `port`, or on the next free one (up to PORT_ATTEMPTS further); port 0 takes any free port. */
async function listenOnFreePort(server: Server, port: number): Promise<number> {
  for (let attempt = 0; attempt < (port === 0 ? 1 : PORT_ATTEMPTS); attempt++) {
    const candidate = port === 0 ? 0 : port + attempt;
    const ok = await new Promise<boolean>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (err.code === 'EADDRINUSE') resolve(false);
        else reject(err);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve(true);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(candidate, HOST);
    });
    if (ok) return (server.address() as AddressInfo).port;
  }
  throw new Error(`No free port in ${port}-${port + PORT_ATTEMPTS - 1} on ${HOST}`);
}

class MessageStore {
  private readonly messages: CaughtMessage[] = [];

  constructor(
    private readonly dir: string | null,
    private readonly max: number,
  ) {}

  /** Newest first. */
  list(): CaughtMessage[] {
    return [...this.messages].reverse();
  }

  get(id: string): CaughtMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  async raw(id: string): Promise<Buffer | null> {
    const m = this.get(id);
    if (!m) return null;
    return this.dir ? readFile(path.join(this.dir, `${m.id}.eml`)).catch(() => null) : (this.raws.get(m.id) ?? null);
  }

  /** Without a folder, the raw messages are kept in memory too. */
  private readonly raws = new Map<string, Buffer>();

  async load(log: (line: string) => void): Promise<void> {
    await mkdir(this.dir!, { recursive: true });
    const files = (await readdir(this.dir!)).filter((f) => /^\d{13}-[0-9a-f]{8}\.eml$/.test(f)).sort();
    for (const file of files.slice(-this.max)) {
      try {
        const raw = await readFile(path.join(this.dir!, file));
        this.messages.push(await parse(file.slice(0, -4), raw));
      } catch (err) {
        log(`mail catcher: skipped ${file}: ${(err as Error).message}`);
      }
    }
    for (const file of files.slice(0, -this.max)) await unlink(path.join(this.dir!, file)).catch(() => undefined);
  }

  async add(raw: Buffer): Promise<CaughtMessage> {
    const id = `${Date.now()}-${randomBytes(4).toString('hex')}`;
    const message = await parse(id, raw);
    if (this.dir) {
      await mkdir(this.dir, { recursive: true });
      await writeFile(path.join(this.dir, `${id}.eml`), raw, { mode: 0o600 });
    } else this.raws.set(id, raw);
    this.messages.push(message);
    while (this.messages.length > this.max) {
      const old = this.messages.shift()!;
      this.raws.delete(old.id);
      if (this.dir) await unlink(path.join(this.dir, `${old.id}.eml`)).catch(() => undefined);
    }
    return message;
  }
}

async function parse(id: string, raw: Buffer): Promise<CaughtMessage> {
  const email = await PostalMime.parse(raw);
  const addresses = (list: Address[] | undefined) =>
    (list ?? []).flatMap((a) => (a.group ? a.group : [a])).map((m) => (m.name ? `${m.name} <${m.address}>` : m.address));
  return {
    id,
    receivedAt: new Date(Number(id.slice(0, 13))),
    from: addresses(email.from ? [email.from] : []).join(', '),
    to: addresses(email.to),
    subject: email.subject ?? '',
    text: email.text ?? null,
    html: email.html ?? null,
    attachments: email.attachments.length,
    size: raw.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The web inbox: three pages and a JSON list, no script anywhere.

/** Pages of the inbox itself: no script, no framing by others, only its own inline styles and message frames. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/**
 * A message's own HTML: sandboxed even when opened directly (no script, no forms, an opaque origin), no remote
 * content (no tracking pixels), framed only by the inbox. Links open in a new tab.
 */
const MESSAGE_HTML_CSP =
  "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

async function handle(req: IncomingMessage, res: ServerResponse, store: MessageStore, port: number): Promise<void> {
  // Answers only to its own names: a page elsewhere that rebinds a DNS name to 127.0.0.1 cannot read the inbox.
  const host = String(req.headers.host ?? '');
  if (host !== `localhost:${port}` && host !== `127.0.0.1:${port}` && host !== `[::1]:${port}`) {
    return send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { allow: 'GET, HEAD' });
  const url = new URL(req.url ?? '/', `http://localhost:${port}`);
  if (url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', inboxPage(store.list()));
  if (url.pathname === '/api/messages') {
    const body = store.list().map(({ text: _t, html: _h, ...m }) => ({ ...m, receivedAt: m.receivedAt.toISOString() }));
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body));
  }
  const m = /^\/messages\/(\d{13}-[0-9a-f]{8})(\/html|\/raw|\.json)?$/.exec(url.pathname);
  const message = m ? store.get(m[1]!) : undefined;
  if (!m || !message)
    return send(res, 404, 'text/html; charset=utf-8', page('Not found', '<p>No such message. <a href="/">Back to the inbox</a></p>'));
  switch (m[2]) {
    case undefined:
      return send(res, 200, 'text/html; charset=utf-8', messagePage(message));
    case '.json':
      return send(
        res,
        200,
        'application/json; charset=utf-8',
        JSON.stringify({ ...message, receivedAt: message.receivedAt.toISOString() }),
      );
    case '/html':
      if (message.html === null) return send(res, 404, 'text/plain; charset=utf-8', 'This message has no HTML part');
      return send(res, 200, 'text/html; charset=utf-8', withLinksInNewTab(message.html), { 'content-security-policy': MESSAGE_HTML_CSP });
    default: {
      const raw = await store.raw(message.id);
      if (!raw) return send(res, 404, 'text/plain; charset=utf-8', 'The raw message is gone');
      return send(res, 200, 'text/plain; charset=utf-8', raw);
    }
  }
}

/** Links in a message open in a new tab rather than inside the frame. */
function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  return /<head(\s[^>]*)?>/i.test(html) ? html.replace(/<head(\s[^>]*)?>/i, (tag) => tag + base) : base + html;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-frame-options': headers['content-security-policy'] ? 'SAMEORIGIN' : 'DENY',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const formatDate = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

const STYLE = `
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
  header { background: #1f3a5f; color: #fff; padding: .8rem 1.5rem; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  main { padding: 1rem 1.5rem; max-width: 72rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #dde1e6; vertical-align: top; }
  th { font-weight: 600; background: #eef1f4; }
  td.when { white-space: nowrap; color: #4a5560; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; background: #fff; padding: .8rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; }
  pre { white-space: pre-wrap; background: #fff; padding: 1rem; border: 1px solid #dde1e6; }
  iframe { width: 100%; height: 28rem; border: 1px solid #dde1e6; background: #fff; }
  .note { color: #4a5560; }
`;

function page(title: string, body: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
${extraHead}<style>${STYLE}</style>
</head>
<body>
<header><a href="/">Forebyg mail catcher</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}

function inboxPage(messages: CaughtMessage[]): string {
  const rows = messages
    .map(
      (m) => `<tr>
  <td class="when"><time datetime="${m.receivedAt.toISOString()}">${escapeHtml(formatDate(m.receivedAt))}</time></td>
  <td>${escapeHtml(m.to.join(', '))}</td>
  <td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>
</tr>`,
    )
    .join('\n');
  const body = `<h1>Mails sent by Forebyg</h1>
<p class="note">Nothing here leaves this machine: every message the system sends while SMTP_URL is unset is caught here. This page refreshes every 10 seconds.</p>
${
  messages.length
    ? `<table>
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : '<p>No mail yet.</p>'
}`;
  return page(`Inbox (${messages.length})`, body, '<meta http-equiv="refresh" content="10">\n');
}

function messagePage(m: CaughtMessage): string {
  const body = `<p><a href="/">&larr; Inbox</a></p>
<h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<dl>
  <dt>Received</dt><dd><time datetime="${m.receivedAt.toISOString()}">${escapeHtml(formatDate(m.receivedAt))}</time></dd>
  <dt>From</dt><dd>${escapeHtml(m.from)}</dd>
  <dt>To</dt><dd>${escapeHtml(m.to.join(', '))}</dd>
  <dt>Size</dt><dd>${m.size} bytes${m.attachments ? `, ${m.attachments} attachment(s)` : ''} (<a href="/messages/${m.id}/raw">source</a>)</dd>
</dl>
${m.html !== null ? `<h2>HTML</h2>\n<iframe title="The message as HTML" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/${m.id}/html"></iframe>` : ''}
<h2>Text</h2>
${m.text !== null ? `<pre>${escapeHtml(m.text)}</pre>` : '<p class="note">This message has no text part.</p>'}`;
  return page(m.subject || '(no subject)', body);
}
