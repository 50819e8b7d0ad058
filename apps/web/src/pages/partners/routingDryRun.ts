import { findCaseByNumber } from '../../api/cases';
import { isApiError } from '../../api/client';
import { routingDryRun } from '../../api/referrals';
import type { DryRunResult, Recommendation, RoutingRulesDoc } from '../../api/referralTypes';

/**
 * The dry run of the routing rules page: which case (by its number, or its id in a pasted link), what the stored
 * rules and the rules as edited recommend for it, and how the two rankings differ. Nothing is saved.
 */

/** A case as the admin names it: a case number, or the id of a pasted case URL (…/cases/<id>) or a bare id. */
export type CaseRef = { id: string } | { caseNumber: string };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const IN_PATH = new RegExp(`/cases/(${UUID})(?:[/?#]|$)`);
const BARE = new RegExp(`^${UUID}$`);

export function parseCaseRef(input: string): CaseRef | null {
  const text = input.trim();
  if (!text) return null;
  const id = IN_PATH.exec(text)?.[1] ?? (BARE.test(text) ? text : null);
  return id ? { id: id.toLowerCase() } : { caseNumber: text };
}

/** The case named does not exist, or the admin may not see it. */
export class CaseNotFound extends Error {
  constructor(readonly ref: CaseRef) {
    super('case not found');
  }
}

export interface DryRunOutcome {
  caseId: string;
  /** null when the case was named by its id. */
  caseNumber: string | null;
  stored: DryRunResult;
  /** What the rules as edited recommend; null when they were not tried (read-only) or are invalid. */
  edited: DryRunResult | null;
  /** The API's 422 for the rules as edited. */
  editedError: unknown;
  /** The rules the run was made with (see {@link dryRunBasis}), to tell when it is out of date. */
  basis: string;
}

/** What a dry run depends on: the stored rules and the rules as edited (null: not tried). */
export const dryRunBasis = (stored: RoutingRulesDoc, edited: RoutingRulesDoc | null) => JSON.stringify([stored, edited]);

const isInvalid = (error: unknown) => isApiError(error) && (error.status === 422 || error.status === 400);

export async function runDryRun(ref: CaseRef, edited: RoutingRulesDoc | null, basis: string): Promise<DryRunOutcome> {
  let caseId: string;
  let caseNumber: string | null = null;
  if ('id' in ref) caseId = ref.id;
  else {
    const found = await findCaseByNumber(ref.caseNumber);
    if (!found) throw new CaseNotFound(ref);
    caseId = found.id;
    caseNumber = found.caseNumber;
  }
  const [stored, tried] = await Promise.allSettled([routingDryRun(caseId), edited ? routingDryRun(caseId, edited) : Promise.resolve(null)]);
  if (stored.status === 'rejected') {
    if (isApiError(stored.reason) && stored.reason.status === 404) throw new CaseNotFound(ref);
    throw stored.reason;
  }
  if (tried.status === 'rejected' && !isInvalid(tried.reason)) throw tried.reason;
  return {
    caseId,
    caseNumber,
    stored: stored.value,
    edited: tried.status === 'fulfilled' ? tried.value : null,
    editedError: tried.status === 'rejected' ? tried.reason : null,
    basis,
  };
}

/** How a partner fares under the rules as edited, compared with the stored rules. */
export type Change = { kind: 'new' } | { kind: 'up' | 'down'; from: number } | { kind: 'score'; from: number; to: number };

export interface Comparison {
  /** By partner id, for the partners the rules as edited recommend. */
  changes: Map<string, Change[]>;
  /** Partners the stored rules recommend and the rules as edited do not. */
  dropped: Set<string>;
  /** How many partners are affected. */
  affected: number;
}

export function compareRankings(before: Recommendation[], after: Recommendation[]): Comparison {
  const was = new Map(before.map((rec, i) => [rec.partnerId, { rank: i + 1, score: rec.score }]));
  const changes = new Map<string, Change[]>();
  after.forEach((rec, i) => {
    const old = was.get(rec.partnerId);
    const list: Change[] = [];
    if (!old) list.push({ kind: 'new' });
    else {
      if (old.rank !== i + 1) list.push({ kind: old.rank > i + 1 ? 'up' : 'down', from: old.rank });
      if (old.score !== rec.score) list.push({ kind: 'score', from: old.score, to: rec.score });
    }
    if (list.length) changes.set(rec.partnerId, list);
  });
  const kept = new Set(after.map((rec) => rec.partnerId));
  const dropped = new Set(before.map((rec) => rec.partnerId).filter((id) => !kept.has(id)));
  return { changes, dropped, affected: changes.size + dropped.size };
}
