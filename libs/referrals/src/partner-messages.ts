import type { EntityManager } from 'typeorm';
import { QUEUES, writeOutbox, type PartnerMessageJobData } from '@forebyg/core';
import type { PartnerMessageType } from '@forebyg/domain';

// Domain vocabulary (the web UI shares it); exported here too for this lib's callers.
export { PARTNER_MESSAGE_TYPES, type PartnerMessageType } from '@forebyg/domain';

export interface NewPartnerMessage {
  organisationId: string;
  partnerId: string;
  caseId: string;
  referralId: string | null;
  type: PartnerMessageType;
}

/**
 * Records a message to a partner and its delivery job in the caller's transaction (the outbox). The message's id
 * is its webhook-id. A referral gets at most one message of each type (a retried transaction or a second click
 * finds the first); returns the message id, or null when it already existed.
 */
export async function queuePartnerMessage(em: EntityManager, m: NewPartnerMessage): Promise<string | null> {
  const rows: { id: string }[] = await em.query(
    `INSERT INTO partner_message (organisation_id, partner_id, case_id, referral_id, type, channel)
     SELECT $1, p.id, $3, $4, $5, p.channel FROM partner p WHERE p.id = $2
     ON CONFLICT (referral_id, type) WHERE referral_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [m.organisationId, m.partnerId, m.caseId, m.referralId, m.type],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  await enqueueDelivery(em, id);
  return id;
}

/** The outbox row that makes the worker deliver a message (also used to resend one from the dead letter). */
export async function enqueueDelivery(em: EntityManager, messageId: string): Promise<void> {
  await writeOutbox(em, [
    { queue: QUEUES.referrals.name, jobName: QUEUES.referrals.jobs.deliver, payload: { messageId } satisfies PartnerMessageJobData as Record<string, string> },
  ]);
}

/** Asks the worker to run the referral sweep soon (after a consent was withdrawn, a case closed or changed stage). */
export async function requestSweep(em: EntityManager): Promise<void> {
  await writeOutbox(em, [{ queue: QUEUES.referrals.name, jobName: QUEUES.referrals.jobs.sweep, payload: {} }]);
}
