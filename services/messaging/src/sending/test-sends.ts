import { MessageRequest } from '@cairn/contracts';
import { decideInOrder, decideSend, DecideSendInput, FrequencyPolicy, OrderedSend, SendDecision } from '@cairn/messaging-domain';
import type { IntentUpdate } from '../messages/intent.repository';

/**
 * Test sends (`"test": true` on a message request, made by
 * `POST /v1/journeys/:id/test-send`): decided without the frequency caps and
 * quiet hours (consent, the night rule and the labels of the compliance
 * preset still hold), never counted against the user's later caps, and shown
 * with `test: true` in the delivery log. The marker is kept in the intent's
 * stored context (`context.test`, which a template may read), so no column
 * changes; only a request that says `test` gets it.
 */
export function withTestMarker(request: MessageRequest): MessageRequest {
  const { test: _marker, ...context } = request.context;
  if (request.test === true) return { ...request, context: { ...context, test: true } };
  return 'test' in request.context ? { ...request, context } : request;
}

export function isTestIntent(intent: { context: Record<string, unknown> | null }): boolean {
  return intent.context?.test === true;
}

/** The policy a test send is decided with: no caps, no quiet hours; the compliance preset unchanged. */
export function testPolicy(policy: FrequencyPolicy): FrequencyPolicy {
  const { quietHours: _quiet, ...rest } = policy;
  return { ...rest, rules: [] };
}

/** `decideInOrder` for one user's intents, the test sends among them decided on their own with `testPolicy`. */
export function decideWithTests(sends: Array<OrderedSend & { test: boolean }>, shared: Omit<DecideSendInput, 'request' | 'timeZone'>): SendDecision[] {
  const ordinary = decideInOrder(
    sends.filter((s) => !s.test),
    shared,
  );
  let next = 0;
  return sends.map((s) =>
    s.test ? decideSend({ ...shared, policy: testPolicy(shared.policy), sent: [], request: s.request, timeZone: s.timeZone }) : ordinary[next++],
  );
}

/** A test send reserved for delivery does not count against the user's caps. */
export function uncountedIfTest(intent: { context: Record<string, unknown> | null }, update: IntentUpdate): IntentUpdate {
  return isTestIntent(intent) && update.countedAt ? { ...update, countedAt: null } : update;
}
