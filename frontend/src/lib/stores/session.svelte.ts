// Who is working (identity), in which workspace, and the schema (kinds, groups) that
// drives every generic screen.
import * as api from '../api';
import type { Actor, Group, Kind, VersionInfo, WorkspaceInfo } from '../api';

export const session = $state({
  /** The first load finished (successfully or not). */
  ready: false,
  /** A message when the backend could not be reached at all. */
  error: null as string | null,
  identity: null as Actor | null,
  workspaces: [] as WorkspaceInfo[],
  current: null as WorkspaceInfo | null,
  kinds: [] as Kind[],
  groups: [] as Group[],
  version: null as VersionInfo | null,
});

export function kindByName(name: string | undefined): Kind | undefined {
  return name ? session.kinds.find((k) => k.name === name) : undefined;
}

async function loadSchema() {
  const [kinds, groups] = await Promise.all([api.kinds(), api.groups()]);
  session.kinds = kinds;
  session.groups = groups;
}

export async function loadSession(): Promise<void> {
  try {
    const [identity, workspaces, current, version] = await Promise.all([
      api.identity(),
      api.workspaces(),
      api.currentWorkspace(),
      api.version().catch(() => null),
    ]);
    session.identity = identity ?? null;
    session.workspaces = workspaces;
    session.current = current ?? null;
    session.version = version;
    // The schema does not depend on a workspace, but do not let it block the first screen.
    await loadSchema().catch(() => {});
    session.error = null;
  } catch (e) {
    session.error = e instanceof Error ? e.message : String(e);
  } finally {
    session.ready = true;
  }
}

export async function refreshWorkspaces(): Promise<void> {
  const [workspaces, current] = await Promise.all([api.workspaces(), api.currentWorkspace()]);
  session.workspaces = workspaces;
  session.current = current ?? null;
  if (session.kinds.length === 0) await loadSchema().catch(() => {});
}

export async function saveIdentity(actor: Actor): Promise<Actor> {
  const saved = await api.setIdentity(actor);
  session.identity = saved ?? actor;
  return session.identity;
}

export async function createWorkspace(name: string, demo: boolean): Promise<WorkspaceInfo> {
  const ws = await api.createWorkspace(name, demo);
  await refreshWorkspaces();
  session.current = session.current ?? ws;
  return ws;
}

export async function openWorkspace(id: string): Promise<WorkspaceInfo> {
  const ws = await api.openWorkspace(id);
  await refreshWorkspaces();
  return ws;
}

export async function renameWorkspace(id: string, name: string): Promise<WorkspaceInfo> {
  const ws = await api.renameWorkspace(id, name);
  await refreshWorkspaces();
  return ws;
}

export async function deleteWorkspace(id: string): Promise<void> {
  await api.deleteWorkspace(id);
  await refreshWorkspaces();
}

/** Follows workspace changes made elsewhere (another window, the CLI, a sync). */
export function followWorkspaceEvents(): () => void {
  const refresh = () => {
    refreshWorkspaces().catch(() => {});
  };
  const offs = [api.onEvent('workspace:changed', refresh), api.onReconnect(refresh)];
  return () => offs.forEach((off) => off());
}
