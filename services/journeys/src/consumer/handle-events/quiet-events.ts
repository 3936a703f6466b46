import { BehaviourEvent, eventIdentityOf, identityLinksIn } from '@cairn/contracts';
import { EntityManager } from 'typeorm';

/**
 * The events of a workspace that cannot change anything in journeys, decided in one statement without a
 * transaction: none is an identify or carries an identity link, none of their ids was ever linked, none of their
 * users has a run an event can still change (active, or ended with its goal window open after the earliest event),
 * and no active journey enters on their names or keeps item interest (catalog). Such a batch is skipped whole:
 * handling it would only lock the users, read their facts and runs, and write nothing but its processed keys.
 * Most events of a shop are of users in no journey; at 100 events/s that was half of journeys' transactions.
 *
 * Skipping is the outcome of handling them just before a concurrent entry or merge of their users (the check sees
 * only what committed), which the consumers' interleaving allows already. A skipped event is not recorded as
 * processed: delivered again, it is checked again.
 */
export async function quietEvents(m: EntityManager, workspaceId: string, events: readonly BehaviourEvent[]): Promise<boolean> {
  if (events.some((e) => e.type === 'identify' || eventIdentityOf(e) === undefined) || identityLinksIn(events).length > 0) return false;
  const ids = [...new Set(events.map((e) => eventIdentityOf(e)!))];
  const tracks = events.filter((e) => e.type === 'track' && !!e.event);
  const names = [...new Set(tracks.map((e) => e.event as string))];
  // The goal windows an event at or after the batch's earliest can still convert (BatchRuns.load's openSince).
  const since = new Date(Math.min(...events.map((e) => Date.parse(e.timestamp))));
  const [{ busy }]: Array<{ busy: boolean }> = await m.query(
    `SELECT EXISTS (SELECT 1 FROM journeys.identity_links WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]))
         OR EXISTS (SELECT 1 FROM journeys.runs WHERE workspace_id = $1 AND user_id = ANY($2::text[])
                     AND (status = 'active' OR (NOT converted AND goal_deadline > $3)))
         OR EXISTS (SELECT 1 FROM journeys.journeys WHERE workspace_id = $1 AND status = 'active'
                     AND (entry_kind = 'catalog' OR (entry_kind = 'event' AND entry_name = ANY($4::text[])))) AS busy`,
    [workspaceId, ids, Number.isNaN(since.getTime()) ? new Date(0) : since, names],
  );
  return !busy;
}
