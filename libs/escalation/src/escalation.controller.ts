import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Actor, Clock, CurrentActor, DomainError, ErrorCode, RequirePermission } from '@forebyg/core';
import { addCalendarDays, isoWeekOf, mondayOfIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { EscalationService } from './escalation.service.js';

export class WeekQueryDto {
  @ApiPropertyOptional({ example: '2026-W53' })
  @IsOptional()
  @Matches(/^\d{4}-W\d{2}$/, { message: 'week must be an ISO week like 2026-W53' })
  week?: string;
}

export class EscalationSettingsDto {
  @ApiPropertyOptional({ description: 'The version the change is based on (omit the first time)' }) @IsOptional() @IsInt() @Min(1) version?: number;
  @ApiProperty() @IsInt() @Min(0) @Max(365) evictionWithinDays: number;
  @ApiProperty() @IsInt() @Min(1) @Max(365) noContactDays: number;
  @ApiProperty() @IsBoolean() missedInstalment: boolean;
  @ApiProperty() @IsBoolean() overdueTasks: boolean;
  @ApiProperty() @IsBoolean() riskRaised: boolean;
  @ApiPropertyOptional({ description: 'A referral unanswered past its deadline (omitted: unchanged, on by default)' })
  @IsOptional()
  @IsBoolean()
  referralUnanswered?: boolean;
}

/** "Ugens eskaleringer": the caller's list this week, an admin's preview of next Monday, and the criteria. */
@ApiTags('escalations')
@Controller('api/v1/escalations')
export class EscalationController {
  constructor(
    private readonly escalation: EscalationService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  private week(query: WeekQueryDto, fallback: string): string {
    if (!query.week) return fallback;
    try {
      mondayOfIsoWeek(query.week);
    } catch {
      throw DomainError.validation([{ field: 'week', reason: 'no_such_week', message: 'No such ISO week' }]);
    }
    return query.week;
  }

  /**
   * The caller's escalations for a week (default this one): the message sent, or the live list before the week's
   * run; a department lead also gets the cases flagged two weeks running. `ranAt` tells whether the run happened.
   */
  @Get('mine')
  @RequirePermission('cases:read')
  async mine(@CurrentActor() actor: Actor, @Query() query: WeekQueryDto) {
    const week = this.week(query, isoWeekOf(todayInCopenhagen(this.clock.now())));
    const settings = await this.escalation.settings(actor.organisationId);
    const sent: { audience: string; items: unknown; sentAt: Date }[] = await this.ds.query(
      `SELECT audience, items, created_at AS "sentAt" FROM weekly_escalation WHERE user_id = $1 AND iso_week = $2`,
      [actor.id, week],
    );
    const [run] = await this.ds.query('SELECT finished_at AS "ranAt" FROM escalation_run WHERE organisation_id = $1 AND iso_week = $2', [
      actor.organisationId,
      week,
    ]);
    const own = sent.find((m) => m.audience === 'caseworker');
    const lead = sent.find((m) => m.audience === 'lead');
    const items = own
      ? own.items
      : run
        ? []
        : (await this.escalation.select(this.ds.manager, actor.organisationId, week, settings, actor.id)).map((c) => ({
            caseId: c.caseId,
            caseNumber: c.caseNumber,
            reasons: c.reasons,
          }));
    return {
      week,
      settings,
      ranAt: run ? new Date(run.ranAt).toISOString() : null,
      sentAt: own ? new Date(own.sentAt).toISOString() : null,
      items,
      leadItems: lead ? lead.items : [],
    };
  }

  /** What the next run would send, per recipient (admins). */
  @Get('preview')
  @RequirePermission('users:manage')
  async preview(@CurrentActor() actor: Actor, @Query() query: WeekQueryDto) {
    // The next run: this week's if it has not happened yet, else next week's.
    const today = todayInCopenhagen(this.clock.now());
    const current = isoWeekOf(today);
    const [ran] = await this.ds.query('SELECT 1 FROM escalation_run WHERE organisation_id = $1 AND iso_week = $2', [actor.organisationId, current]);
    const week = this.week(query, ran ? isoWeekOf(addCalendarDays(today, 7)) : current);
    const settings = await this.escalation.settings(actor.organisationId);
    const flagged = await this.escalation.select(this.ds.manager, actor.organisationId, week, settings);
    const messages = await this.escalation.compose(this.ds.manager, flagged);
    const names: { id: string; name: string; email: string }[] = await this.ds.query('SELECT id, name, email FROM app_user WHERE id = ANY($1::uuid[])', [
      messages.map((m) => m.userId),
    ]);
    return {
      week,
      settings,
      messages: messages.map((m) => ({ ...m, user: names.find((n) => n.id === m.userId) ?? null, caseCount: m.items.length })),
    };
  }

  @Get('settings')
  @RequirePermission('users:manage')
  settings(@CurrentActor() actor: Actor) {
    return this.escalation.settings(actor.organisationId);
  }

  @Put('settings')
  @RequirePermission('users:manage')
  async updateSettings(@CurrentActor() actor: Actor, @Body() dto: EscalationSettingsDto) {
    const [current] = await this.ds.query('SELECT version FROM escalation_setting WHERE organisation_id = $1', [actor.organisationId]);
    if (current && dto.version !== undefined && dto.version !== current.version) {
      throw new DomainError(ErrorCode.VersionConflict, 'The criteria were changed by someone else', {
        currentVersion: current.version,
        current: await this.escalation.settings(actor.organisationId),
      });
    }
    await this.ds.query(
      `INSERT INTO escalation_setting (organisation_id, eviction_within_days, no_contact_days, missed_instalment, overdue_tasks, risk_raised, updated_by, referral_unanswered)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::boolean, true))
       ON CONFLICT (organisation_id) DO UPDATE SET eviction_within_days = EXCLUDED.eviction_within_days, no_contact_days = EXCLUDED.no_contact_days,
         missed_instalment = EXCLUDED.missed_instalment, overdue_tasks = EXCLUDED.overdue_tasks, risk_raised = EXCLUDED.risk_raised,
         referral_unanswered = COALESCE($8::boolean, escalation_setting.referral_unanswered), updated_by = EXCLUDED.updated_by, updated_at = now(), version = escalation_setting.version + 1`,
      [actor.organisationId, dto.evictionWithinDays, dto.noContactDays, dto.missedInstalment, dto.overdueTasks, dto.riskRaised, actor.id, dto.referralUnanswered ?? null],
    );
    return this.escalation.settings(actor.organisationId);
  }
}
