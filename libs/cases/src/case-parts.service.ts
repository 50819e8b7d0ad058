import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, Page, pageRequest, RequestContext } from '@forebyg/core';
import { AuditService } from '@forebyg/audit';
import { CASE_EVENT_KINDS, NOTE_EVENT_KINDS } from './case-events.js';
import { CaseRepository } from './case.repository.js';
import type { CaseDetail } from './case-views.js';
import { CaseWriter, camelize } from './case-writer.js';
import type {
  AgreementDto,
  ApplicationDto,
  BudgetLineDto,
  ContactDto,
  DebtDto,
  NoteDto,
  TaskDto,
  TimelineQueryDto,
  UpdateAgreementDto,
  UpdateApplicationDto,
  UpdateBudgetLineDto,
  UpdateDebtDto,
  UpdateInstalmentDto,
  UpdateNoteDto,
  UpdateTaskDto,
} from './dto/index.js';

export interface NoteView {
  id: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  editable: boolean;
}

export interface TimelineEvent {
  id: string;
  at: string;
  kind: string;
  actor: { type: string; label: string | null } | null;
  data: Record<string, unknown>;
}

/** Builds `SET a = $2, b = $3` from the fields present in a patch; returns null when nothing is given. */
function patchSql(patch: Record<string, unknown>, columns: Record<string, string>, params: unknown[]): string | null {
  const sets: string[] = [];
  for (const [field, column] of Object.entries(columns)) {
    if (patch[field] === undefined) continue;
    params.push(patch[field]);
    sets.push(`${column} = $${params.length}`);
  }
  return sets.length ? sets.join(', ') : null;
}

/** The parts of a case a counsellor works with: timeline, notes, contacts, tasks, budget, debts, agreement, applications. */
@Injectable()
export class CasePartsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly writer: CaseWriter,
    private readonly audit: AuditService,
  ) {}

  private async visibleCase(actor: Actor, id: string, em?: EntityManager) {
    const found = await this.cases.summary(actor, id, em);
    if (!found) throw DomainError.notFound('Case');
    return found;
  }

  async timeline(actor: Actor, id: string, query: TimelineQueryDto): Promise<Page<TimelineEvent>> {
    await this.visibleCase(actor, id);
    const req = pageRequest(query, { at: 'e.id' }, '-at');
    const canSeeNotes = actor.permissions.has('case-notes:read');
    const kinds = (query.kind?.length ? query.kind : [...CASE_EVENT_KINDS]).filter((k) => canSeeNotes || !NOTE_EVENT_KINDS.includes(k as never));
    const params: unknown[] = [id, kinds];
    const where = 'e.case_id = $1 AND e.kind = ANY($2::text[])';
    const [rows, count] = await Promise.all([
      this.ds.query(
        // Staff are shown by name (the event keeps the e-mail they acted as, for the record).
        `SELECT e.id::text, e.at, e.kind, e.actor_type AS "actorType", COALESCE(u.name, e.actor_label) AS "actorLabel", e.data
           FROM case_event e LEFT JOIN app_user u ON e.actor_type = 'user' AND u.id = e.actor_id
          WHERE ${where} ORDER BY e.id ${req.orderBy[0].direction} LIMIT ${req.pageSize} OFFSET ${req.offset}`,
        params,
      ),
      this.ds.query(`SELECT count(*)::int AS n FROM case_event e WHERE ${where}`, params),
    ]);
    return {
      items: rows.map((r: { id: string; at: Date; kind: string; actorType: string; actorLabel: string | null; data: Record<string, unknown> }) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        kind: r.kind,
        actor: { type: r.actorType, label: r.actorLabel },
        data: r.data,
      })),
      page: req.page,
      pageSize: req.pageSize,
      total: count[0].n,
    };
  }

  // ---- notes: their own permission; only the author edits ----

  async notes(actor: Actor, id: string, ctx: RequestContext): Promise<{ items: NoteView[] }> {
    return this.ds.transaction(async (em) => {
      const c = await this.visibleCase(actor, id, em);
      const rows = await em.query(
        `SELECT n.id, n.body, n.author_id AS "authorId", u.name AS "authorName", n.created_at AS "createdAt", n.updated_at AS "updatedAt", n.version
           FROM case_note n LEFT JOIN app_user u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at DESC, n.id`,
        [id],
      );
      await this.audit.record(
        { action: 'case.notes_read', actor, personId: await this.writer.primaryTenantId(em, c.tenancyId), entityType: 'case', entityId: id, context: ctx },
        em,
      );
      return { items: rows.map((r: Record<string, unknown>) => this.noteView(actor, r)) };
    });
  }

  private noteView(actor: Actor, r: Record<string, unknown>): NoteView {
    return {
      id: r.id as string,
      body: r.body as string,
      author: r.authorId ? { id: r.authorId as string, name: (r.authorName as string) ?? '' } : null,
      createdAt: new Date(r.createdAt as Date).toISOString(),
      updatedAt: new Date(r.updatedAt as Date).toISOString(),
      version: r.version as number,
      editable: r.authorId === actor.id,
    };
  }

  async addNote(actor: Actor, id: string, dto: NoteDto, ctx: RequestContext): Promise<NoteView> {
    let noteId = '';
    await this.writer.change(actor, id, { allowClosed: true, audit: 'case.note_added', context: ctx }, async ({ em, event }) => {
      const [row] = await em.query('INSERT INTO case_note (case_id, author_id, body) VALUES ($1, $2, $3) RETURNING id', [
        id,
        actor.kind === 'user' ? actor.id : null,
        dto.body,
      ]);
      noteId = row.id;
      await event('note_added', { noteId });
    });
    return this.note(actor, noteId);
  }

  async updateNote(actor: Actor, id: string, noteId: string, dto: UpdateNoteDto, ctx: RequestContext): Promise<NoteView> {
    await this.writer.change(actor, id, { allowClosed: true, audit: 'case.note_edited', context: ctx }, async ({ em, event }) => {
      const rows = await em.query('SELECT id, author_id AS "authorId", version FROM case_note WHERE id = $1 AND case_id = $2 FOR UPDATE', [noteId, id]);
      if (!rows[0]) throw DomainError.notFound('Note');
      if (rows[0].authorId !== actor.id) throw DomainError.forbidden('Only the author may edit a note');
      if (rows[0].version !== dto.version) {
        throw new DomainError(ErrorCode.VersionConflict, 'The note was changed since you opened it', {
          currentVersion: rows[0].version,
          current: await this.note(actor, noteId, em),
        });
      }
      await em.query('UPDATE case_note SET body = $2, updated_at = now(), version = version + 1 WHERE id = $1', [noteId, dto.body]);
      await event('note_edited', { noteId });
    });
    return this.note(actor, noteId);
  }

  private async note(actor: Actor, noteId: string, em?: EntityManager): Promise<NoteView> {
    const [r] = await (em ?? this.ds.manager).query(
      `SELECT n.id, n.body, n.author_id AS "authorId", u.name AS "authorName", n.created_at AS "createdAt", n.updated_at AS "updatedAt", n.version
         FROM case_note n LEFT JOIN app_user u ON u.id = n.author_id WHERE n.id = $1`,
      [noteId],
    );
    return this.noteView(actor, r);
  }

  // ---- contacts ----

  logContact(actor: Actor, id: string, dto: ContactDto, ctx: RequestContext): Promise<CaseDetail> {
    const at = dto.at ? new Date(dto.at) : new Date();
    if (at.getTime() > Date.now() + 5 * 60_000) {
      throw DomainError.validation([{ field: 'at', reason: 'in_future', message: 'A contact cannot be logged in the future' }]);
    }
    return this.writer.change(actor, id, { audit: 'case.contact_logged', context: ctx, details: { channel: dto.channel } }, async ({ em }) => {
      await this.writer.insertContact(em, actor, id, { ...dto, at });
    });
  }

  // ---- tasks ----

  addTask(actor: Actor, id: string, dto: TaskDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.task_changed', context: ctx }, async ({ em, row, event }) => {
      const assignee = dto.assigneeId ?? (actor.kind === 'user' ? actor.id : null);
      if (assignee) await this.writer.assertAssignable(em, actor, assignee, 'task', row.departmentId, 'assigneeId');
      const [task] = await em.query(
        'INSERT INTO case_task (case_id, title, due_date, assignee_id, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [id, dto.title.trim(), dto.dueDate, assignee, actor.kind === 'user' ? actor.id : null],
      );
      await event('task_added', { taskId: task.id, title: dto.title.trim(), dueDate: dto.dueDate, assigneeId: assignee });
    });
  }

  updateTask(actor: Actor, id: string, taskId: string, dto: UpdateTaskDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.task_changed', context: ctx }, async ({ em, row, event }) => {
      const task = await this.writer.lockPart<{ version: number; title: string; done_at: Date | null }>(em, 'case_task', taskId, id, dto.version, 'Task');
      if (dto.assigneeId) await this.writer.assertAssignable(em, actor, dto.assigneeId, 'task', row.departmentId, 'assigneeId');
      const params: unknown[] = [taskId];
      const sets = [patchSql({ title: dto.title?.trim(), due_date: dto.dueDate, assignee_id: dto.assigneeId }, { title: 'title', due_date: 'due_date', assignee_id: 'assignee_id' }, params)];
      let kind: 'task_updated' | 'task_completed' | 'task_reopened' = 'task_updated';
      if (dto.done === true && task.done_at === null) {
        params.push(actor.kind === 'user' ? actor.id : null);
        sets.push(`done_at = now(), done_by = $${params.length}`);
        kind = 'task_completed';
      } else if (dto.done === false && task.done_at !== null) {
        sets.push('done_at = NULL, done_by = NULL');
        kind = 'task_reopened';
      }
      const set = sets.filter(Boolean).join(', ');
      if (!set) return;
      await em.query(`UPDATE case_task SET ${set}, updated_at = now(), version = version + 1 WHERE id = $1`, params);
      const changed = ['title', 'dueDate', 'assigneeId'].filter((f) => dto[f as keyof UpdateTaskDto] !== undefined);
      await event(kind, { taskId, title: dto.title?.trim() ?? task.title, changed });
    });
  }

  // ---- budget ----

  addBudgetLine(actor: Actor, id: string, dto: BudgetLineDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.budget_changed', context: ctx }, async ({ em, event }) => {
      const [line] = await em.query(
        'INSERT INTO budget_line (case_id, kind, label, amount_ore, frequency) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [id, dto.kind, dto.label.trim(), dto.amountOre, dto.frequency ?? 'monthly'],
      );
      await event('budget_line_added', { lineId: line.id, kind: dto.kind, label: dto.label.trim(), amountOre: dto.amountOre, frequency: dto.frequency ?? 'monthly' });
    });
  }

  updateBudgetLine(actor: Actor, id: string, lineId: string, dto: UpdateBudgetLineDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.budget_changed', context: ctx }, async ({ em, event }) => {
      const line = await this.writer.lockPart<{ version: number; label: string; kind: string }>(em, 'budget_line', lineId, id, dto.version, 'Budget line');
      const params: unknown[] = [lineId];
      const set = patchSql({ ...dto, label: dto.label?.trim() }, { kind: 'kind', label: 'label', amountOre: 'amount_ore', frequency: 'frequency' }, params);
      if (!set) return;
      await em.query(`UPDATE budget_line SET ${set}, updated_at = now(), version = version + 1 WHERE id = $1`, params);
      await event('budget_line_changed', { lineId, kind: dto.kind ?? line.kind, label: dto.label?.trim() ?? line.label, amountOre: dto.amountOre });
    });
  }

  removeBudgetLine(actor: Actor, id: string, lineId: string, version: number, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.budget_changed', context: ctx }, async ({ em, event }) => {
      const line = await this.writer.lockPart<{ version: number; label: string; kind: string }>(em, 'budget_line', lineId, id, version, 'Budget line');
      await em.query('DELETE FROM budget_line WHERE id = $1', [lineId]);
      await event('budget_line_removed', { lineId, kind: line.kind, label: line.label });
    });
  }

  // ---- debts ----

  addDebt(actor: Actor, id: string, dto: DebtDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.debt_changed', context: ctx }, async ({ em, event }) => {
      const [debt] = await em.query(
        'INSERT INTO case_debt (case_id, creditor, creditor_kind, amount_ore, note) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [id, dto.creditor.trim(), dto.creditorKind, dto.amountOre, dto.note?.trim() || null],
      );
      await event('debt_added', { debtId: debt.id, creditor: dto.creditor.trim(), creditorKind: dto.creditorKind, amountOre: dto.amountOre });
    });
  }

  updateDebt(actor: Actor, id: string, debtId: string, dto: UpdateDebtDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.debt_changed', context: ctx }, async ({ em, event }) => {
      const debt = await this.writer.lockPart<{ version: number; creditor: string; creditor_kind: string }>(em, 'case_debt', debtId, id, dto.version, 'Debt');
      const params: unknown[] = [debtId];
      const set = patchSql(
        { ...dto, creditor: dto.creditor?.trim(), note: dto.note === null ? null : dto.note?.trim() },
        { creditor: 'creditor', creditorKind: 'creditor_kind', amountOre: 'amount_ore', note: 'note' },
        params,
      );
      if (!set) return;
      await em.query(`UPDATE case_debt SET ${set}, updated_at = now(), version = version + 1 WHERE id = $1`, params);
      await event('debt_changed', { debtId, creditor: dto.creditor?.trim() ?? debt.creditor, creditorKind: dto.creditorKind ?? debt.creditor_kind, amountOre: dto.amountOre });
    });
  }

  removeDebt(actor: Actor, id: string, debtId: string, version: number, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.debt_changed', context: ctx }, async ({ em, event }) => {
      const debt = await this.writer.lockPart<{ version: number; creditor: string; creditor_kind: string }>(em, 'case_debt', debtId, id, version, 'Debt');
      await em.query('DELETE FROM case_debt WHERE id = $1', [debtId]);
      await event('debt_removed', { debtId, creditor: debt.creditor, creditorKind: debt.creditor_kind });
    });
  }

  // ---- payment agreement ----

  addAgreement(actor: Actor, id: string, dto: AgreementDto, ctx: RequestContext): Promise<CaseDetail> {
    for (let i = 1; i < dto.instalments.length; i++) {
      if (dto.instalments[i].dueDate <= dto.instalments[i - 1].dueDate) {
        throw DomainError.validation([{ field: `instalments.${i}.dueDate`, reason: 'not_increasing', message: 'Due dates must be strictly increasing' }]);
      }
    }
    return this.writer.change(actor, id, { audit: 'case.agreement_changed', context: ctx }, async ({ em, event }) => {
      const active = await em.query(`SELECT id FROM payment_agreement WHERE case_id = $1 AND status = 'active'`, [id]);
      if (active.length) throw DomainError.conflict('The case already has an active payment agreement', { reason: 'agreement_active', agreementId: active[0].id });
      const [agreement] = await em.query(
        'INSERT INTO payment_agreement (case_id, agreed_date, note, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
        [id, dto.agreedDate, dto.note?.trim() || null, actor.kind === 'user' ? actor.id : null],
      );
      await em.query(
        `INSERT INTO agreement_instalment (agreement_id, seq, due_date, amount_ore)
         SELECT $1, ord, due, amount FROM unnest($2::date[], $3::bigint[]) WITH ORDINALITY AS x(due, amount, ord)`,
        [agreement.id, dto.instalments.map((i) => i.dueDate), dto.instalments.map((i) => i.amountOre)],
      );
      await event('agreement_created', {
        agreementId: agreement.id,
        instalments: dto.instalments.length,
        totalOre: dto.instalments.reduce((s, i) => s + i.amountOre, 0),
        firstDueDate: dto.instalments[0].dueDate,
      });
    });
  }

  updateAgreement(actor: Actor, id: string, agreementId: string, dto: UpdateAgreementDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.agreement_changed', context: ctx, details: { status: dto.status } }, async ({ em, event }) => {
      const a = await this.writer.lockPart<{ version: number; status: string }>(em, 'payment_agreement', agreementId, id, dto.version, 'Agreement');
      if (a.status !== 'active') {
        throw DomainError.conflict('Only an active agreement can be ended', { reason: 'agreement_not_active', current: camelize(a as never) });
      }
      await em.query(
        `UPDATE payment_agreement SET status = $2, note = COALESCE($3, note), updated_at = now(), version = version + 1 WHERE id = $1`,
        [agreementId, dto.status, dto.note?.trim() || null],
      );
      await event('agreement_status_changed', { agreementId, from: a.status, to: dto.status });
    });
  }

  updateInstalment(actor: Actor, id: string, instalmentId: string, dto: UpdateInstalmentDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.agreement_changed', context: ctx, details: { instalment: dto.status } }, async ({ em, event }) => {
      const rows = await em.query(
        `SELECT i.id, i.seq, i.status, i.version, i.agreement_id AS "agreementId", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
                i.amount_ore::float8 AS "amountOre", to_char(i.paid_date, 'YYYY-MM-DD') AS "paidDate"
           FROM agreement_instalment i JOIN payment_agreement a ON a.id = i.agreement_id
          WHERE i.id = $1 AND a.case_id = $2 FOR UPDATE OF i`,
        [instalmentId, id],
      );
      const inst = rows[0];
      if (!inst) throw DomainError.notFound('Instalment');
      if (inst.version !== dto.version) {
        throw new DomainError(ErrorCode.VersionConflict, 'The instalment was changed since you opened it', { currentVersion: inst.version, current: inst });
      }
      const today = this.writer.today();
      const paidDate = dto.status === 'paid' ? (dto.paidDate ?? today) : null;
      if (paidDate && paidDate > today) throw DomainError.validation([{ field: 'paidDate', reason: 'in_future', message: 'The payment date cannot be in the future' }]);
      if (dto.status === inst.status && paidDate === inst.paidDate) return;
      await em.query('UPDATE agreement_instalment SET status = $2, paid_date = $3, updated_at = now(), version = version + 1 WHERE id = $1', [
        instalmentId,
        dto.status,
        paidDate,
      ]);
      await event('instalment_changed', { agreementId: inst.agreementId, instalmentId, seq: inst.seq, from: inst.status, to: dto.status, paidDate });
    });
  }

  // ---- applications ----

  addApplication(actor: Actor, id: string, dto: ApplicationDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.application_changed', context: ctx }, async ({ em, event }) => {
      const status = dto.status ?? (dto.submittedDate ? 'submitted' : 'planned');
      const [app] = await em.query(
        'INSERT INTO case_application (case_id, kind, status, submitted_date, note, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [id, dto.kind, status, dto.submittedDate ?? null, dto.note?.trim() || null, actor.kind === 'user' ? actor.id : null],
      );
      await event('application_added', { applicationId: app.id, kind: dto.kind, status });
    });
  }

  updateApplication(actor: Actor, id: string, applicationId: string, dto: UpdateApplicationDto, ctx: RequestContext): Promise<CaseDetail> {
    return this.writer.change(actor, id, { audit: 'case.application_changed', context: ctx }, async ({ em, event }) => {
      const app = await this.writer.lockPart<{ version: number; status: string; kind: string }>(em, 'case_application', applicationId, id, dto.version, 'Application');
      const params: unknown[] = [applicationId];
      const set = patchSql(
        { ...dto, note: dto.note === null ? null : dto.note?.trim() },
        { status: 'status', submittedDate: 'submitted_date', decidedDate: 'decided_date', amountOre: 'amount_ore', note: 'note' },
        params,
      );
      if (!set) return;
      await em.query(`UPDATE case_application SET ${set}, updated_at = now(), version = version + 1 WHERE id = $1`, params);
      await event('application_changed', { applicationId, kind: app.kind, from: app.status, to: dto.status ?? app.status });
    });
  }
}
