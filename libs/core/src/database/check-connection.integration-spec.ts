import { checkServers } from './check-connection.js';

describe('checkServers', () => {
  it('names the variable of each unreachable server in one line', async () => {
    const problems = await checkServers({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/none \(DATABASE_URL\)/);
    expect(problems[1]).toMatch(/^Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
    for (const p of problems) expect(p).not.toMatch(/\n/);
  });

  it('is silent for reachable servers', async () => {
    const problems = await checkServers({ DATABASE_URL: process.env.FOREBYG_TEST_ADMIN_URL, REDIS_URL: process.env.REDIS_URL });
    expect(problems).toEqual([]);
  });
});
