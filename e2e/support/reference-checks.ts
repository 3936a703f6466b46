import { SCENARIOS } from '../scenarios';
import { Stack } from './stack';

/**
 * Journeys refuses a journey naming a segment, template and channel that do
 * not exist: the checks with segments and messaging are on in this run mode.
 */
export async function expectReferenceChecksOn(stack: Stack): Promise<void> {
  const { adminKey } = SCENARIOS[0].workspace;
  const response = await fetch(`${stack.url('journeys')}/v1/journeys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      key: 'dangling-references',
      name: 'Names what does not exist',
      entry: { segment: 'no-such-segment', on: 'enter' },
      start: 'send',
      steps: { send: { type: 'send', channel: 'no-such-channel', template: 'no-such-template', category: 'transactional', next: null } },
    }),
  });
  const body = (await response.json()) as { code: string; fields: Array<{ path: string }> };
  expect([response.status, body.code]).toEqual([400, 'VALIDATION_FAILED']);
  expect(body.fields.map((f) => f.path).sort()).toEqual(['entry.segment', 'steps.send.channel', 'steps.send.template']);
}
