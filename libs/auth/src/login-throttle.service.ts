import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@forebyg/core';

/**
 * Login throttling after the "login endpoint protection" pattern of rate-limiter-flexible:
 * - consecutive failures for one account FROM ONE IP block that pair for LOGIN_BLOCK_MINUTES, so an
 *   attacker elsewhere cannot lock the real user out of their own account;
 * - failures from one IP across all accounts are capped per day (slow brute force, credential stuffing).
 * A successful login clears its account+IP counter. State lives in PostgreSQL (table login_throttle),
 * so every api replica sees the same counts.
 */
@Injectable()
export class LoginThrottleService {
  private readonly byAccountAndIp: RateLimiterPostgres;
  private readonly byIp: RateLimiterPostgres;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDataSource() ds: DataSource) {
    const pool = (ds.driver as unknown as { master: unknown }).master;
    const common = { storeClient: pool, storeType: 'pool', tableName: 'login_throttle', tableCreated: true, clearExpiredByTimeout: false };
    this.byAccountAndIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'acct_ip',
      points: config.LOGIN_MAX_FAILS_PER_ACCOUNT_AND_IP,
      duration: config.LOGIN_BLOCK_MINUTES * 60,
      blockDuration: config.LOGIN_BLOCK_MINUTES * 60,
    });
    this.byIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'ip',
      points: config.LOGIN_MAX_FAILS_PER_IP_PER_DAY,
      duration: 24 * 3600,
      blockDuration: 24 * 3600,
    });
  }

  private accountKey(email: string, ip: string) {
    return `${email.toLowerCase()}_${ip}`;
  }

  /** Seconds until this account+IP or this IP may try again; 0 when a try is allowed now. */
  async retryAfter(email: string, ip: string): Promise<number> {
    const [acct, addr] = await Promise.all([this.byAccountAndIp.get(this.accountKey(email, ip)), this.byIp.get(ip)]);
    const blocked = (res: RateLimiterRes | null, limit: number) =>
      res && res.consumedPoints >= limit ? Math.ceil(res.msBeforeNext / 1000) : 0;
    return Math.max(
      blocked(acct, this.byAccountAndIp.points),
      blocked(addr, this.byIp.points),
    );
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.byAccountAndIp.penalty(this.accountKey(email, ip), 1),
      this.byIp.penalty(ip, 1),
    ]);
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.byAccountAndIp.delete(this.accountKey(email, ip));
  }
}
