import { cartAbandonment } from './ready-made';
import { stepEdges, stepOrder } from './step-edges';

describe('stepEdges and stepOrder', () => {
  it('labels each way out of a step', () => {
    const cart = cartAbandonment();
    expect(stepEdges(cart.steps['wait-for-order'])).toEqual([
      { to: null, on: 'event' },
      { to: 'remind', on: 'timeout' },
    ]);
    expect(stepEdges(cart.steps.remind)).toEqual([{ to: null, on: 'next' }]);
    expect(stepEdges({ type: 'branch', if: { segment: 'vip' }, then: 'a', else: 'b' })).toEqual([
      { to: 'a', on: 'then' },
      { to: 'b', on: 'else' },
    ]);
    expect(
      stepEdges({
        type: 'split',
        paths: [
          { weight: 1, next: 'a' },
          { weight: 3, next: null },
        ],
      }),
    ).toEqual([
      { to: 'a', on: '25%' },
      { to: null, on: '75%' },
    ]);
    expect(stepEdges({ type: 'exit' })).toEqual([]);
  });

  it('orders steps breadth first from the start, unreachable ones last', () => {
    const steps = {
      orphan: { type: 'exit' as const },
      send: { type: 'send' as const, channel: 'c', template: 't', category: 'promotional' as const, next: null },
      check: { type: 'branch' as const, if: { segment: 'vip' }, then: 'send', else: 'wait' },
      wait: { type: 'wait' as const, duration: '1h', next: 'check' },
    };
    expect(stepOrder({ start: 'check', steps })).toEqual(['check', 'send', 'wait', 'orphan']);
  });
});
