import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrganisationModule } from '@forebyg/organisation';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { SessionRepository } from './session.repository.js';
import { SessionService } from './session.service.js';
import { UserRepository } from './user.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Services only: used by the CLI and the worker, which have no HTTP routes. */
@Module({
  imports: [OrganisationModule],
  providers: [
    PasswordHasher,
    SessionRepository,
    SessionService,
    UserRepository,
    UsersService,
    ApiKeyRepository,
    ApiKeysService,
    LoginThrottleService,
    AuthService,
    RequestAuthenticator,
  ],
  exports: [
    PasswordHasher,
    SessionRepository,
    SessionService,
    UserRepository,
    UsersService,
    ApiKeysService,
    AuthService,
    RequestAuthenticator,
  ],
})
export class AuthCoreModule {}

/** The HTTP side: routes plus the global guard that authenticates and authorises every request. */
@Module({
  imports: [AuthCoreModule],
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
