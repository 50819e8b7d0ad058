import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, APP_CONFIG, AppConfig, Ctx, CurrentActor, permissionsOfRole, Public, RequestContext, RequirePermission } from '@forebyg/core';
import { AuthService } from './auth.service.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js';
import { UserRepository, UserView } from './user.repository.js';
import { LoginDto, UpdateMeDto } from './users.dto.js';
import { UsersService } from './users.service.js';

/** The signed-in user as the web UI needs it, with the permissions of the role (the UI shows what they allow; the api checks every call). */
function me(user: UserView) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    departmentIds: user.departmentIds,
    language: user.language,
    permissions: [...permissionsOfRole(user.role)],
  };
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UserRepository,
    private readonly usersService: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const result = await this.auth.login(dto.email, dto.password, ctx, readSessionCookie(req));
    setSessionCookie(reply, result.token, result.expiresAt, this.config.cookieSecure);
    return { user: me(result.user) };
  }

  @Get('me')
  @RequirePermission('profile')
  async whoAmI(@CurrentActor() actor: Actor) {
    return me((await this.users.findView(actor.organisationId, actor.id))!);
  }

  @Patch('me')
  @RequirePermission('profile')
  async updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto) {
    return me(await this.usersService.updateOwnLanguage(actor, dto.language));
  }

  @Post('logout')
  @RequirePermission('profile')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Ctx() ctx: RequestContext) {
    const token = readSessionCookie(req);
    if (token) await this.auth.logout(token, ctx, actor);
    clearSessionCookie(reply, this.config.cookieSecure);
  }
}
