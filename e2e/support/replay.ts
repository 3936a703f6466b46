/**
 * Plays a scenario (the format `cairn simulate` reads) through running
 * services in real time: the users' traits and consents at the start, then
 * every event when the clock reaches its `at`, stamped with that instant (an
 * event before the start is sent at once, stamped in the past, as an import
 * would be). Relative times are resolved with the simulator's own parser.
 */
import { parseScenario } from '@cairn/simulator';
import { WorkspaceApi } from './api';

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

export async function replayScenario(api: WorkspaceApi, body: Record<string, unknown>): Promise<void> {
  const scenario = parseScenario(body);
  const write = api.workspace.writeKey;
  for (const [userId, user] of Object.entries(scenario.users)) {
    if (Object.keys(user.traits).length > 0)
      await api.request('events', 'POST', '/v1/identify', { userId, traits: user.traits, timestamp: new Date(scenario.start).toISOString() }, write);
    if (user.consents) await api.request('messaging', 'PUT', `/v1/users/${encodeURIComponent(userId)}/consents`, user.consents);
  }
  for (const e of scenario.events) {
    await sleepUntil(e.at);
    const timestamp = new Date(e.at).toISOString();
    if (e.type === 'track') await api.request('events', 'POST', '/v1/track', { userId: e.userId, event: e.event, properties: e.properties, timestamp }, write);
    else if (e.type === 'identify') await api.request('events', 'POST', '/v1/identify', { userId: e.userId, traits: e.traits, timestamp }, write);
    else if (e.type === 'consent') await api.request('messaging', 'PUT', `/v1/users/${encodeURIComponent(e.userId)}/consents`, e.consents);
    else await api.request('events', 'POST', '/v1/catalog/events', { event: e.event, itemId: e.itemId, properties: e.properties, timestamp }, write);
  }
  await sleepUntil(scenario.until);
}
