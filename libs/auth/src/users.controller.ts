import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Ctx, CurrentActor, ParseIdPipe, RequestContext, RequirePermission } from '@forebyg/core';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserQueryDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('users:manage')
  list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto) {
    return this.users.list(actor, query);
  }

  @Post()
  @RequirePermission('users:manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto, @Ctx() ctx: RequestContext) {
    return this.users.create(actor, dto, ctx);
  }

  @Get(':id')
  @RequirePermission('users:manage')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('users:manage')
  update(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateUserDto, @Ctx() ctx: RequestContext) {
    return this.users.update(actor, id, dto, ctx);
  }

  @Post(':id/password')
  @RequirePermission('users:manage')
  @HttpCode(204)
  async setPassword(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: SetPasswordDto, @Ctx() ctx: RequestContext) {
    await this.users.resetPassword(actor, id, dto.password, ctx);
  }
}
