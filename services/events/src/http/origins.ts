import { ANY_ORIGIN, WorkspaceConfig } from '@cairn/config';

/**
 * Whether a workspace lets pages of `origin` in (pure). Origins are compared
 * as browsers send them (`https://shop.example.com`; the configuration is
 * checked to hold them in that form); `*` lets any in, except the opaque
 * origin `null` (a file, a sandboxed frame), which is never let in.
 */
export function workspaceAllowsOrigin(workspace: Pick<WorkspaceConfig, 'allowedOrigins'>, origin: string): boolean {
  if (origin === 'null') return false;
  const allowed = workspace.allowedOrigins ?? [];
  return allowed.includes(origin) || allowed.includes(ANY_ORIGIN);
}

/**
 * Whether some workspace lets `origin` in: what a preflight can know, since a
 * browser sends no key with it. The request that follows is held to its own
 * workspace's list.
 */
export function someWorkspaceAllowsOrigin(workspaces: Array<Pick<WorkspaceConfig, 'allowedOrigins'>>, origin: string): boolean {
  return workspaces.some((w) => workspaceAllowsOrigin(w, origin));
}
