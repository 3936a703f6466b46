import { MessageRequest } from '@cairn/contracts';
import { ErasureLedger } from '@cairn/db';
import { EntityManager } from 'typeorm';
import { MESSAGING_SCHEMA } from '../shared/schema';

/**
 * A batch's requests of one workspace without those made for an erased person
 * (`DELETE /v1/users/:userId`): a request for an erased id is kept only when it
 * was made for the person re-created since (`personSince` at or after the
 * erasure) and the workspace does not suppress the id. Read under the users'
 * locks, which an erasure also takes, so no intent of an erased person is
 * recorded after its erasure.
 */
export async function withoutErasedRequests(m: EntityManager, workspaceId: string, requests: MessageRequest[]): Promise<MessageRequest[]> {
  const erased = await new ErasureLedger(m, MESSAGING_SCHEMA).erasedAmong(
    workspaceId,
    requests.map((r) => r.userId),
  );
  if (erased.size === 0) return requests;
  return requests.filter((r) => {
    const record = erased.get(r.userId);
    return !record || (!record.suppress && r.personSince !== undefined && Date.parse(r.personSince) >= record.erasedAt);
  });
}
