import http from 'node:http';
import { DataSource } from 'typeorm';

/** The worker's only HTTP: a health port for the orchestrator (liveness and readiness), bound to HOST. */
export function startHealthServer(opts: { host: string; port: number; ds: DataSource; workersRunning: () => boolean }): http.Server {
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return send(200, { status: 'ok' });
    if (req.url === '/health/ready') {
      try {
        await opts.ds.query('SELECT 1');
        const running = opts.workersRunning();
        return send(running ? 200 : 503, { status: running ? 'ok' : 'error', database: 'up', workers: running ? 'running' : 'stopped' });
      } catch {
        return send(503, { status: 'error', database: 'down' });
      }
    }
    return send(404, { statusCode: 404, code: 'not_found', message: 'Not found' });
  });
  server.listen(opts.port, opts.host);
  return server;
}
