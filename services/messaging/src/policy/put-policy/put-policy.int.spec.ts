import { validateFrequencyPolicy } from '@cairn/messaging-domain';
import { MessagingParts } from '../../testing/messaging-parts';
import { PutPolicyUseCase } from './put-policy.usecase';

describe('PutPolicyUseCase', () => {
  let parts: MessagingParts;
  let putPolicy: PutPolicyUseCase;
  const capped = validateFrequencyPolicy({ rules: [{ scope: 'all', limit: 1, window: '1h' }], whenCapped: 'defer' }, 'kr-ad-law');

  beforeAll(async () => {
    parts = await MessagingParts.start();
    putPolicy = new PutPolicyUseCase(parts.dataSource, parts.clock, parts.policyReader);
  });

  afterAll(() => parts?.stop());

  it('stores the policy and answers it; a second put replaces it', async () => {
    expect(await putPolicy.execute({ workspaceId: 'dev', policy: capped })).toEqual(capped);
    expect(await parts.policies.get('dev', 'none')).toEqual(capped);
    await putPolicy.execute({ workspaceId: 'dev', policy: { ...capped, whenCapped: 'drop' } });
    expect((await parts.policies.get('dev', 'none')).whenCapped).toBe('drop');
  });

  it('applies to decisions through this replica at once: the policy kept for decisions is dropped', async () => {
    const manager = parts.dataSource.manager;
    expect((await parts.policyReader.forDecisions(manager, 'dev', 'kr-ad-law')).whenCapped).toBe('drop');
    await putPolicy.execute({ workspaceId: 'dev', policy: capped });
    expect((await parts.policyReader.forDecisions(manager, 'dev', 'kr-ad-law')).whenCapped).toBe('defer');
  });
});
