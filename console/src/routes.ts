/** The console's routes (deep links, each survives a reload); pure. */
export type Route =
  | { name: 'journeys' }
  | { name: 'journey'; key: string }
  | { name: 'segments' }
  | { name: 'segment'; key: string }
  | { name: 'user'; userId: string }
  | { name: 'messages' }
  | { name: 'notFound' };

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  const [head, arg, ...rest] = parts;
  if (rest.length > 0) return { name: 'notFound' };
  const value = arg === undefined ? undefined : decode(arg);
  if (arg !== undefined && !value) return { name: 'notFound' };
  if (head === undefined || head === '') return { name: 'journeys' };
  if (head === 'journeys') return value ? { name: 'journey', key: value } : { name: 'journeys' };
  if (head === 'segments') return value ? { name: 'segment', key: value } : { name: 'segments' };
  if (head === 'users' && value) return { name: 'user', userId: value };
  if (head === 'messages' && !value) return { name: 'messages' };
  return { name: 'notFound' };
}

/** The path of a route, its values percent-encoded. */
export function pathOf(route: Route): string {
  switch (route.name) {
    case 'journeys':
      return '/journeys';
    case 'journey':
      return `/journeys/${encodeURIComponent(route.key)}`;
    case 'segments':
      return '/segments';
    case 'segment':
      return `/segments/${encodeURIComponent(route.key)}`;
    case 'user':
      return `/users/${encodeURIComponent(route.userId)}`;
    case 'messages':
      return '/messages';
    case 'notFound':
      return '/';
  }
}
