import { matchRoute, pathOf } from './routes';

describe('console routes', () => {
  it.each([
    ['/', { name: 'journeys' }],
    ['/journeys', { name: 'journeys' }],
    ['/journeys/', { name: 'journeys' }],
    ['/journeys/cart-abandonment', { name: 'journey', key: 'cart-abandonment' }],
    ['/segments', { name: 'segments' }],
    ['/segments/flagship-hot', { name: 'segment', key: 'flagship-hot' }],
    ['/users/minji', { name: 'user', userId: 'minji' }],
    ['/users/%EB%AF%BC%EC%A7%80', { name: 'user', userId: '민지' }],
    ['/messages', { name: 'messages' }],
    ['/users', { name: 'notFound' }],
    ['/users/%E0%A4%A', { name: 'notFound' }],
    ['/journeys/a/b', { name: 'notFound' }],
    ['/settings', { name: 'notFound' }],
  ])('%s → %o', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('builds paths that match back to the same route', () => {
    for (const route of [{ name: 'journey', key: 'a b/c' }, { name: 'user', userId: '민지' }, { name: 'segment', key: 'x' }, { name: 'messages' }] as const) {
      expect(matchRoute(pathOf(route))).toEqual(route);
    }
  });
});
