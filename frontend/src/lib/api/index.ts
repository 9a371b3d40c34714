// The one seam to the backend. Screens and stores import only from here.
import { transport, type Unsubscribe } from './transport';
import type {
  Actor,
  Attachment,
  BackLink,
  EvidenceContent,
  CatalogueItemView,
  CatalogueSummary,
  ExportFile,
  GapAnalysis,
  ImportResult,
  SetStatusesResult,
  Status,
  TabularFormat,
  EventMap,
  FieldValue,
  FieldValues,
  Group,
  HistoryEntry,
  Kind,
  KeelRecord,
  ListQuery,
  ListResult,
  SearchHit,
  VersionInfo,
  WorkspaceInfo,
} from './types';

export * from './types';
export * from './insights';
export * from './review';
export { ApiError, toApiError } from './errors';
export { RECONNECTED, setTransport, type Transport, type Unsubscribe } from './transport';

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  return transport().call<T>(method, args);
}

export const version = () => call<VersionInfo>('Version');
export const identity = () => call<Actor | null>('Identity');
export const setIdentity = (actor: Actor) => call<Actor>('SetIdentity', actor);

export const workspaces = async () => (await call<WorkspaceInfo[] | null>('Workspaces')) ?? [];
export const currentWorkspace = () => call<WorkspaceInfo | null>('CurrentWorkspace');
export const createWorkspace = (name: string, demo: boolean) => call<WorkspaceInfo>('CreateWorkspace', name, demo);
export const openWorkspace = (id: string) => call<WorkspaceInfo>('OpenWorkspace', id);
export const renameWorkspace = (id: string, name: string) => call<WorkspaceInfo>('RenameWorkspace', id, name);
export const deleteWorkspace = (id: string) => call<void>('DeleteWorkspace', id);
export const backupWorkspace = () => call<string>('BackupWorkspace');

export const kinds = async () => (await call<Kind[] | null>('Kinds')) ?? [];
export const groups = async () => (await call<Group[] | null>('Groups')) ?? [];

export async function listRecords(q: ListQuery): Promise<ListResult> {
  const r = await call<ListResult | null>('ListRecords', q);
  return { records: r?.records ?? [], total: r?.total ?? 0 };
}
export const getRecord = (kind: string, id: string) => call<KeelRecord>('GetRecord', kind, id);
export const createRecord = (kind: string, fields: FieldValues) => call<KeelRecord>('CreateRecord', kind, fields);
/** Only the fields to change; `links` fields take the full new list. */
export const updateRecord = (kind: string, id: string, fields: FieldValues) =>
  call<KeelRecord>('UpdateRecord', kind, id, fields);
export const deleteRecord = (kind: string, id: string) => call<void>('DeleteRecord', kind, id);
export const restoreRecord = (kind: string, id: string) => call<KeelRecord>('RestoreRecord', kind, id);
export const addLink = (kind: string, id: string, field: string, targetId: string) =>
  call<KeelRecord>('AddLink', kind, id, field, targetId);
export const removeLink = (kind: string, id: string, field: string, targetId: string) =>
  call<KeelRecord>('RemoveLink', kind, id, field, targetId);
export const resolveConflict = (kind: string, id: string, field: string, value: FieldValue) =>
  call<KeelRecord>('ResolveConflict', kind, id, field, value);
export const history = async (kind: string, id: string) =>
  (await call<HistoryEntry[] | null>('History', kind, id)) ?? [];
export const search = async (text: string) => (await call<SearchHit[] | null>('Search', text)) ?? [];
/** The live records whose link fields point at kind/id, by kind then title. */
export const linkedFrom = async (kind: string, id: string) => (await call<BackLink[] | null>('LinkedFrom', kind, id)) ?? [];

// Standards catalogue and gap analysis (docs/gap.md)
export const catalogues = async () => (await call<CatalogueSummary[] | null>('Catalogues')) ?? [];
export const catalogueItem = (catalogue: string, id: string) => call<CatalogueItemView>('CatalogueItem', catalogue, id);
export const gapAnalysis = () => call<GapAnalysis>('GapAnalysis');
/** Sets the status of catalogue items ("catalogue:id"), creating status records as needed. */
export const setStatuses = (items: string[], status: Status) => call<SetStatusesResult>('SetStatuses', items, status);
/** Turns an open 42001 gap item into an action (owner defaults to you; due optional). */
export const createActionFromGap = (item: string, owner = '', due = '') =>
  call<KeelRecord>('CreateActionFromGap', item, owner, due);

// CSV / XLSX
export const exportRecords = (kind: string, format: TabularFormat) => call<ExportFile>('ExportRecords', kind, format);
/** All or nothing: a result with errors imported nothing. */
export const importRecords = (kind: string, format: TabularFormat, contentBase64: string) =>
  call<ImportResult>('ImportRecords', kind, format, contentBase64);

// Evidence files
/** Stores a file as evidence and adds it to the record's attachments field. */
export const attachFile = (kind: string, id: string, name: string, contentBase64: string) =>
  call<KeelRecord>('AttachFile', kind, id, name, contentBase64);
export const detachFile = (kind: string, id: string, sha256: string) => call<KeelRecord>('DetachFile', kind, id, sha256);
export const attachments = async (kind: string, id: string) =>
  (await call<Attachment[] | null>('Attachments', kind, id)) ?? [];
export const evidenceFile = (sha256: string) => call<EvidenceContent>('EvidenceFile', sha256);
/** Saves a file where the user picks in the desktop's save dialog; "" when cancelled. Wails only. */
export const saveFileAs = (name: string, contentBase64: string) => call<string>('SaveFileAs', name, contentBase64);
/** Files leave the desktop window through its save dialog: its web view ignores downloads. */
export const savesThroughDialog = () => transport().name === 'wails';

/** Subscribes to a backend event; returns the function that unsubscribes. */
export function onEvent<K extends keyof EventMap>(name: K, cb: (data: EventMap[K]) => void): Unsubscribe {
  return transport().on(name, (d) => cb(d as EventMap[K]));
}

/** Calls `cb` when the event stream comes back after dropping (events may have been missed). */
export function onReconnect(cb: () => void): Unsubscribe {
  return onEvent('transport:reconnected', () => cb());
}
