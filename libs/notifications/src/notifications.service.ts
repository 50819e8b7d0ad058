import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError, Page, pageRequest, PageQueryDto, returnedRows } from '@forebyg/core';
import { notificationTitle } from './notification-text.js';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  caseId: string | null;
  caseNumber: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** The bell: a user's own notifications, unread count, marking read, and the e-mail preference. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private userOnly(actor: Actor): string {
    if (actor.kind !== 'user') throw DomainError.forbidden('Notifications belong to staff users');
    return actor.id;
  }

  async list(actor: Actor, query: PageQueryDto & { unread?: string }): Promise<Page<NotificationView> & { unread: number }> {
    const userId = this.userOnly(actor);
    const req = pageRequest(query, { createdAt: 'n.created_at' }, '-createdAt');
    const onlyUnread = query.unread === 'true';
    const where = `n.user_id = $1 ${onlyUnread ? 'AND n.read_at IS NULL' : ''}`;
    const [rows, [{ total, unread }]] = await Promise.all([
      this.ds.query(
        `SELECT n.id, n.kind, n.case_id AS "caseId", c.case_number AS "caseNumber", n.data, n.created_at AS "createdAt", n.read_at AS "readAt"
           FROM notification n LEFT JOIN case_file c ON c.id = n.case_id
          WHERE ${where} ORDER BY n.created_at ${req.orderBy[0].direction}, n.id LIMIT ${req.pageSize} OFFSET ${req.offset}`,
        [userId],
      ),
      this.ds.query(
        `SELECT count(*) FILTER (WHERE ${onlyUnread ? 'read_at IS NULL' : 'TRUE'})::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
           FROM notification WHERE user_id = $1`,
        [userId],
      ),
    ]);
    return {
      items: rows.map((r: Omit<NotificationView, 'title'> & { createdAt: Date; readAt: Date | null }) => ({
        ...r,
        title: notificationTitle({ kind: r.kind, caseNumber: r.caseNumber, data: r.data }),
        createdAt: new Date(r.createdAt).toISOString(),
        readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
      })),
      page: req.page,
      pageSize: req.pageSize,
      total,
      unread,
    };
  }

  async unreadCount(actor: Actor): Promise<{ unread: number }> {
    const [{ unread }] = await this.ds.query('SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL', [this.userOnly(actor)]);
    return { unread };
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    const updated = returnedRows(
      await this.ds.query('UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id', [id, this.userOnly(actor)]),
    );
    if (!updated.length) throw DomainError.notFound('Notification');
  }

  async markAllRead(actor: Actor): Promise<void> {
    await this.ds.query('UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [this.userOnly(actor)]);
  }

  async settings(actor: Actor): Promise<{ notifyByEmail: boolean }> {
    const [row] = await this.ds.query('SELECT notify_by_email AS "notifyByEmail" FROM app_user WHERE id = $1', [this.userOnly(actor)]);
    return row;
  }

  async updateSettings(actor: Actor, notifyByEmail: boolean): Promise<{ notifyByEmail: boolean }> {
    await this.ds.query('UPDATE app_user SET notify_by_email = $2, updated_at = now() WHERE id = $1', [this.userOnly(actor), notifyByEmail]);
    return { notifyByEmail };
  }
}
