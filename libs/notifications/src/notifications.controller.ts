import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Actor, CurrentActor, PageQueryDto, ParseIdPipe, RequirePermission } from '@forebyg/core';
import { NotificationsService } from './notifications.service.js';

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationSettingsDto {
  @ApiProperty({ description: 'Also send reminders by e-mail' })
  @IsBoolean()
  notifyByEmail: boolean;
}

/** The caller's own notifications (the bell) and their e-mail preference. */
@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission('profile')
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto) {
    return this.notifications.list(actor, query);
  }

  @Get('unread-count')
  @RequirePermission('profile')
  unread(@CurrentActor() actor: Actor) {
    return this.notifications.unreadCount(actor);
  }

  @Post('read-all')
  @RequirePermission('profile')
  @HttpCode(204)
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Get('settings')
  @RequirePermission('profile')
  settings(@CurrentActor() actor: Actor) {
    return this.notifications.settings(actor);
  }

  @Put('settings')
  @RequirePermission('profile')
  updateSettings(@CurrentActor() actor: Actor, @Body() dto: NotificationSettingsDto) {
    return this.notifications.updateSettings(actor, dto.notifyByEmail);
  }

  @Post(':id/read')
  @RequirePermission('profile')
  @HttpCode(204)
  read(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.notifications.markRead(actor, id);
  }
}
