import { id, isoTimestamp, TopicContract, userKey } from '../common.schema';
import { TOPICS } from '../topics';

/**
 * A person to erase (`DELETE /v1/users/:userId`): every service removes what
 * it holds of every id of the person and keeps only the suppression record
 * (a hash of each id and the time of the request). Handling it twice changes
 * nothing. Messages about these ids stamped at or before `requestedAt` are
 * dropped wherever they arrive later; with `suppress`, every later one too.
 */
export interface UserErasure {
  v: 1;
  workspaceId: string;
  /** Names this request (the status endpoints answer it). */
  erasureId: string;
  /** The person as the request named them, resolved to their final user id. */
  userId: string;
  /** Every id of the person known when the request was made: the user id, merged anonymous ids and aliases. */
  ids: string[];
  requestedAt: string;
  /** The workspace drops every later event of these ids instead of starting a new, empty person. */
  suppress: boolean;
}

export const userErasureContract: TopicContract<UserErasure> = {
  topic: TOPICS.userErasures,
  version: 1,
  description: 'People to erase from every service, published by the segments service on DELETE /v1/users/:userId.',
  key: userKey,
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'erasureId', 'userId', 'ids', 'requestedAt', 'suppress'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      erasureId: id,
      userId: id,
      ids: { type: 'array', minItems: 1, maxItems: 1000, items: id },
      requestedAt: isoTimestamp,
      suppress: { type: 'boolean' },
    },
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    erasureId: 'e-5b0c2a9e',
    userId: 'u-1',
    ids: ['u-1', 'anon-7f3a'],
    requestedAt: '2026-11-02T12:00:00.000Z',
    suppress: false,
  },
};
