import { EMPTY_FREQUENCY_POLICY, validateFrequencyPolicy } from '@cairn/messaging-domain';
import { MessagingParts } from '../../testing/messaging-parts';
import { GetPolicyUseCase } from './get-policy.usecase';

describe('GetPolicyUseCase', () => {
  let parts: MessagingParts;
  let getPolicy: GetPolicyUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    getPolicy = new GetPolicyUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it("answers no caps and the workspace's preset when none is stored, else the stored policy", async () => {
    expect(await getPolicy.execute({ workspaceId: 'dev', defaultCompliance: 'kr-ad-law' })).toEqual({ ...EMPTY_FREQUENCY_POLICY, compliance: 'kr-ad-law' });
    const stored = validateFrequencyPolicy({ rules: [{ scope: 'all', limit: 2, window: '24h' }], compliance: 'none' }, 'kr-ad-law');
    await parts.policies.put('dev', stored, parts.clock.now());
    expect(await getPolicy.execute({ workspaceId: 'dev', defaultCompliance: 'kr-ad-law' })).toEqual(stored);
  });
});
