import { ServiceName } from '@cairn/config';
import { DEMO_CHANNEL, DEMO_COUPON_POOLS, DEMO_DORMANT_AFTER, DEMO_FLAGSHIP, DEMO_SEGMENTS, DEMO_READY_MADE, DEMO_TEMPLATES } from './demo-content';

export type StepOutcome = 'installed' | 'present' | 'skipped' | 'failed';

export interface SeedStep {
  what: string;
  outcome: StepOutcome;
  detail?: string;
}

interface Answer {
  status: number;
  body: { code?: string; message?: string; version?: number | null } | undefined;
}

type Call = (service: ServiceName, method: string, path: string, body?: unknown) => Promise<Answer>;

function client(upstreams: Record<ServiceName, string>, adminKey: string): Call {
  return async (service, method, path, body) => {
    const response = await fetch(`${upstreams[service]}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Answer['body'];
    try {
      parsed = text ? (JSON.parse(text) as Answer['body']) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  };
}

/** 2xx: installed; 409 (already exists): present; 404 on a create: the API is missing, skipped. */
function outcomeOf(what: string, answer: Answer): SeedStep {
  if (answer.status >= 200 && answer.status < 300) return { what, outcome: 'installed' };
  if (answer.status === 409) return { what, outcome: 'present' };
  const detail = `${answer.status} ${answer.body?.code ?? ''} ${answer.body?.message ?? ''}`.trim();
  if (answer.status === 404 || answer.status === 405) return { what, outcome: 'skipped', detail: `no such API here (${detail})` };
  return { what, outcome: 'failed', detail };
}

async function step(what: string, run: () => Promise<SeedStep>): Promise<SeedStep> {
  try {
    return await run();
  } catch (error) {
    return { what, outcome: 'failed', detail: (error as Error).message };
  }
}

/**
 * Installs the demo into one workspace through the services' own HTTP APIs,
 * idempotently (what exists is left as it is). A step whose API is missing or
 * failing is reported and the rest goes on: the seed never fails the boot.
 */
export async function seedDemo(upstreams: Record<ServiceName, string>, adminKey: string): Promise<SeedStep[]> {
  const call = client(upstreams, adminKey);
  const steps: SeedStep[] = [];
  steps.push(
    await step('lifecycle segments', async () => {
      if ((await call('segments', 'GET', '/v1/segments/dormant')).status === 200) return { what: 'lifecycle segments', outcome: 'present' };
      return outcomeOf('lifecycle segments', await call('segments', 'POST', '/v1/segments/lifecycle', { dormantAfter: DEMO_DORMANT_AFTER }));
    }),
  );
  for (const segment of DEMO_SEGMENTS) {
    steps.push(await step(`segment ${segment.key}`, async () => outcomeOf(`segment ${segment.key}`, await call('segments', 'POST', '/v1/segments', segment))));
  }
  steps.push(
    await step(`channel ${DEMO_CHANNEL} (log)`, async () =>
      outcomeOf(`channel ${DEMO_CHANNEL} (log)`, await call('messaging', 'POST', '/v1/channels', { key: DEMO_CHANNEL, type: 'log', config: {} })),
    ),
  );
  for (const template of DEMO_TEMPLATES) {
    const what = `template ${template.key}${template.locale ? ` (${template.locale as string})` : ' (ko)'}`;
    steps.push(await step(what, async () => outcomeOf(what, await call('messaging', 'POST', '/v1/templates', template))));
  }
  for (const [key, pool] of Object.entries(DEMO_COUPON_POOLS)) {
    const path = `/v1/coupon-pools/${key}`;
    steps.push(
      await step(`coupon pool ${key}`, async () => {
        const existing = await call('journeys', 'GET', path);
        return existing.status === 200
          ? { what: `coupon pool ${key}`, outcome: 'present' }
          : outcomeOf(`coupon pool ${key}`, await call('journeys', 'PUT', path, pool));
      }),
    );
  }
  steps.push(
    await step('ready-made journeys', async () => {
      const answer = await call('journeys', 'POST', '/v1/journeys/ready-made', DEMO_READY_MADE);
      if (answer.status !== 200) return outcomeOf('ready-made journeys', answer);
      const installed = answer.body as unknown as Array<{ key: string; outcome: string }>;
      const changed = installed.filter((j) => j.outcome !== 'unchanged').map((j) => j.key);
      return { what: 'ready-made journeys', outcome: changed.length ? 'installed' : 'present', detail: changed.length ? changed.join(', ') : undefined };
    }),
  );
  return steps;
}

/** What the seed did, one line per step, and what to try next. */
export function describeSeed(steps: SeedStep[], port: number): string {
  const lines = ['Demo workspace "dev":'];
  for (const s of steps) lines.push(`  ${s.outcome.padEnd(9)} ${s.what}${s.detail ? ` (${s.detail})` : ''}`);
  lines.push(
    '',
    `Try next, on http://localhost:${port} (README.md, "Walkthrough", has the commands; /docs lists every API):`,
    '  identify a user, give consent   POST /v1/identify, PUT /v1/users/<userId>/consents',
    '  add to cart, wait 10 s          POST /v1/track "Product Added", then GET /v1/messages?userId=<userId>: the cart reminder',
    `  view ${DEMO_FLAGSHIP} three times         POST /v1/track "Product Viewed": the secret coupon, once`,
    `  order, then ${DEMO_DORMANT_AFTER} without one     the customer turns dormant: the welcome-back coupon`,
    '',
  );
  return lines.join('\n');
}
