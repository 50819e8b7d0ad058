import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';
import { UserRepository, UserView } from './user.repository.js';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /**
   * Verifies e-mail and password and opens a new session. Any session the browser already had is
   * revoked (rotation at login). Wrong e-mail, wrong password and a disabled account look the same
   * from outside.
   */
  async login(
    emailInput: string,
    password: string,
    ctx: RequestContext,
    previousToken?: string,
  ): Promise<{ token: string; expiresAt: Date; user: UserView }> {
    const email = emailInput.trim().toLowerCase();
    const ip = ctx.ip ?? 'unknown';
    const creds = await this.users.credentialsByEmail(email);
    // Who tried: the account when it exists (so the row belongs to its organisation), else anonymous.
    const attempt = {
      actorType: creds ? ('user' as const) : ('anonymous' as const),
      actorId: creds?.id ?? null,
      actorLabel: email,
      organisationId: creds?.organisationId ?? null,
      context: ctx,
    };
    const retryAfterSeconds = await this.throttle.retryAfter(email, ip);
    if (retryAfterSeconds > 0) {
      await this.audit.record({ action: 'auth.login_throttled', outcome: 'denied', ...attempt });
      throw new DomainError(ErrorCode.TooManyAttempts, 'Too many failed attempts; try again later', { retryAfterSeconds });
    }
    const ok = creds ? await this.hasher.verify(creds.passwordHash, password) : await this.hasher.verifyAgainstDummy(password);
    if (!creds || !ok || creds.disabled) {
      await this.throttle.recordFailure(email, ip);
      await this.audit.record({
        action: 'auth.login_failed',
        outcome: 'failure',
        ...attempt,
        details: { reason: !creds ? 'unknown_account' : !ok ? 'wrong_password' : 'disabled' },
      });
      throw new DomainError(ErrorCode.InvalidCredentials, 'Wrong e-mail or password');
    }
    await this.throttle.recordSuccess(email, ip);
    return this.ds.transaction(async (em) => {
      if (previousToken) await this.sessions.revokeByToken(previousToken, 'rotated', em);
      const session = await this.sessions.create(em, creds.id, ctx);
      await this.users.markLoggedIn(em, creds.id);
      await this.audit.record(
        { action: 'auth.login', actorType: 'user', actorId: creds.id, actorLabel: email, organisationId: creds.organisationId, context: ctx },
        em,
      );
      const user = (await this.users.findView(creds.organisationId, creds.id, em))!;
      return { token: session.token, expiresAt: session.expiresAt, user };
    });
  }

  async logout(token: string, ctx: RequestContext, actor: { id: string; label: string; organisationId: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      await this.sessions.revokeByToken(token, 'logout', em);
      await this.audit.record(
        { action: 'auth.logout', actorType: 'user', actorId: actor.id, actorLabel: actor.label, organisationId: actor.organisationId, context: ctx },
        em,
      );
    });
  }
}
