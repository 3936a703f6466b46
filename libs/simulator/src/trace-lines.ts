/** The words of the timeline: one line per event and per change of a message. */
import type { IntentTransition, SimIntent } from './messaging-sim';
import type { ScenarioEvent } from './scenario';
import { iso } from './output';
import { localTime } from './timeline';

const MAX_TEXT = 120;

function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function firstText(content: unknown): string | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  const c = content as Record<string, unknown>;
  for (const field of ['text', 'body', 'subject']) if (typeof c[field] === 'string') return c[field] as string;
  return c.json === undefined ? undefined : compact(c.json);
}

export function describeEvent(e: ScenarioEvent, now: number): string {
  const late = e.at < now ? ` (stamped ${iso(e.at)})` : '';
  switch (e.type) {
    case 'track':
      return `event ${e.event}${Object.keys(e.properties).length ? ` ${compact(e.properties)}` : ''}${late}`;
    case 'identify':
      return `identify ${compact(e.traits)}${late}`;
    case 'consent':
      return `consents ${compact(e.consents.channels)}`;
    case 'catalog':
      return `catalog event ${e.event} for item ${e.itemId}${Object.keys(e.properties).length ? ` ${compact(e.properties)}` : ''}${late}`;
  }
}

export function describeTransition(intent: SimIntent, t: IntentTransition, timezone: string): string {
  const r = intent.request;
  const head = `message ${r.journey.key}/${r.journey.step} on ${r.channel} (${r.template}, ${r.category}): ${t.status}`;
  const why = t.reason ? ` ${t.reason}` : '';
  const until = t.deferredUntil !== null ? ` until ${localTime(t.deferredUntil, timezone)}` : '';
  const text = t.status === 'SENT' ? firstText(intent.content) : undefined;
  return `${head}${why}${until}${text !== undefined ? ` — ${JSON.stringify(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text)}` : ''}`;
}
