import { decideSend, DecideSendInput, SendDecision, SendRequest } from './decide-send';
import { SentRecord } from './frequency-cap';

/** One message of a user's run of messages, with the time zone it is decided in. */
export interface OrderedSend {
  request: SendRequest;
  /** The user's IANA time zone for this message (see resolveTimeZone). */
  timeZone: string;
}

/**
 * Decides one user's messages one after another, as `decideSend` would one at
 * a time: a message decided `send` is reserved at `now` and counts against
 * the caps of the messages after it, so a run of requests never passes a cap
 * together. `shared.sent` is the user's counted sends before the first one.
 */
export function decideInOrder(sends: OrderedSend[], shared: Omit<DecideSendInput, 'request' | 'timeZone'>): SendDecision[] {
  const sent: SentRecord[] = [...shared.sent];
  return sends.map(({ request, timeZone }) => {
    const decision = decideSend({ ...shared, request, timeZone, sent });
    if (decision.action === 'send') {
      sent.push({ at: shared.now, channel: request.channel, journeyId: request.journeyId ?? null, category: request.category });
    }
    return decision;
  });
}
