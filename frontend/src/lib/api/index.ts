// The one seam to the backend. Screens and stores import only from here. The types and the
// method names come from ./generated, written from the Go services (see docs/api.md).
import { transport, type Unsubscribe } from './transport';
import type { Args, ImportOptions, Method, PackJob, PackRequest, Result } from './generated';
import type { EventMap, RiskLens, TabularFormat } from './ui';

export type * from './generated';
export { METHODS } from './generated';
export type * from './ui';
export { ApiError, toApiError } from './errors';
export { RECONNECTED, setTransport, type Transport, type Unsubscribe } from './transport';

/** Calls a backend method: tsc checks its name, its arguments and the result's type. */
export function call<M extends Method>(method: M, ...args: Args<M>): Promise<Result<M>> {
  return transport().call<Result<M>>(method, args);
}

/** A list result, empty when the backend sends null (a nil Go slice). */
async function list<M extends Method>(method: M, ...args: Args<M>): Promise<NonNullable<Result<M>>> {
  return ((await call(method, ...args)) ?? []) as NonNullable<Result<M>>;
}

export const version = () => call('Version');
export const identity = () => call('Identity');
export const setIdentity = (actor: Args<'SetIdentity'>[0]) => call('SetIdentity', actor);

export const workspaces = () => list('Workspaces');
export const currentWorkspace = () => call('CurrentWorkspace');
export const createWorkspace = (name: string, demo: boolean) => call('CreateWorkspace', name, demo);
export const openWorkspace = (id: string) => call('OpenWorkspace', id);
export const renameWorkspace = (id: string, name: string) => call('RenameWorkspace', id, name);
export const deleteWorkspace = (id: string) => call('DeleteWorkspace', id);
/** Sets the open workspace's legal name, registered number and address (the packs print them). */
export const setOrganisation = (org: Args<'SetOrganisation'>[0]) => call('SetOrganisation', org);
export const backupWorkspace = () => call('BackupWorkspace');
export const checkWorkspace = () => call('CheckWorkspace');

export const kinds = () => list('Kinds');
export const groups = () => list('Groups');

export async function listRecords(q: Args<'ListRecords'>[0]): Promise<Result<'ListRecords'>> {
  const r = await call('ListRecords', q);
  return { records: r?.records ?? [], total: r?.total ?? 0 };
}
export const getRecord = (kind: string, id: string) => call('GetRecord', kind, id);
export const createRecord = (kind: string, fields: Args<'CreateRecord'>[1]) => call('CreateRecord', kind, fields);
/** Only the fields to change; `links` fields take the full new list. */
export const updateRecord = (kind: string, id: string, fields: Args<'UpdateRecord'>[2]) => call('UpdateRecord', kind, id, fields);
export const deleteRecord = (kind: string, id: string) => call('DeleteRecord', kind, id);
export const restoreRecord = (kind: string, id: string) => call('RestoreRecord', kind, id);
export const addLink = (kind: string, id: string, field: string, targetId: string) => call('AddLink', kind, id, field, targetId);
export const removeLink = (kind: string, id: string, field: string, targetId: string) =>
  call('RemoveLink', kind, id, field, targetId);
export const resolveConflict = (kind: string, id: string, field: string, value: unknown) =>
  call('ResolveConflict', kind, id, field, value);
export const history = (kind: string, id: string) => list('History', kind, id);
export const search = (text: string) => list('Search', text);
/** The live records whose link fields point at kind/id, by kind then title. */
export const linkedFrom = (kind: string, id: string) => list('LinkedFrom', kind, id);

// The workspace as it stood at the end of a past day (YYYY-MM-DD; '' is today), read-only.
export async function listRecordsAsOf(q: Args<'ListRecordsAsOf'>[0], asOf: string): Promise<Result<'ListRecords'>> {
  if (!asOf) return listRecords(q);
  const r = await call('ListRecordsAsOf', q, asOf);
  return { records: r?.records ?? [], total: r?.total ?? 0 };
}
export const getRecordAsOf = (kind: string, id: string, asOf: string) =>
  asOf ? call('GetRecordAsOf', kind, id, asOf) : getRecord(kind, id);
export const historyAsOf = (kind: string, id: string, asOf: string) =>
  asOf ? list('HistoryAsOf', kind, id, asOf) : history(kind, id);
export const linkedFromAsOf = (kind: string, id: string, asOf: string) =>
  asOf ? list('LinkedFromAsOf', kind, id, asOf) : linkedFrom(kind, id);

// Standards catalogue and gap analysis (docs/gap.md)
export const catalogues = () => list('Catalogues');
export const catalogueItem = (catalogue: string, id: string) => call('CatalogueItem', catalogue, id);
export const gapAnalysis = () => call('GapAnalysis');
/** The 42001 coverage at each month end of the last year, from the op log. */
export const coverageHistory = () => list('CoverageHistory');
/** Sets the status of catalogue items ("catalogue:id"), creating status records as needed. */
export const setStatuses = (items: string[], status: string) => call('SetStatuses', items, status);
/** Turns an open 42001 gap item into an action (owner defaults to you; due optional). */
export const createActionFromGap = (item: string, owner = '', due = '') => call('CreateActionFromGap', item, owner, due);

// CSV / XLSX
export const exportRecords = (kind: string, format: TabularFormat) => call('ExportRecords', kind, format);
/** All or nothing: a result with errors imported nothing. */
export const importRecords = (kind: string, format: TabularFormat, contentBase64: string) =>
  call('ImportRecords', kind, format, contentBase64);
/** Import, export and backup as jobs, polled with packStatus and stopped with cancelPack. */
export const startImport = (kind: string, format: TabularFormat, contentBase64: string, opts: ImportOptions = {}) =>
  call('StartImport', kind, format, contentBase64, opts);
export const startExport = (kind: string, format: TabularFormat) => call('StartExport', kind, format);
export const startBackup = () => call('StartBackup');
/**
 * Polls a job until it is no longer running, telling onstep how it goes; it stops early, with
 * the job as last seen, once watching() is false (the screen closed, another job shown).
 */
export async function finishJob(
  job: PackJob,
  onstep: (j: PackJob) => void = () => {},
  watching: () => boolean = () => true,
): Promise<PackJob> {
  let j = job;
  while (j.state === 'running' && watching()) {
    onstep(j);
    await new Promise((r) => setTimeout(r, 120));
    j = await call('PackStatus', j.id);
  }
  return j;
}

// Evidence files
/** Stores a file as evidence and adds it to the record's attachments field. */
export const attachFile = (kind: string, id: string, name: string, contentBase64: string) =>
  call('AttachFile', kind, id, name, contentBase64);
export const detachFile = (kind: string, id: string, sha256: string) => call('DetachFile', kind, id, sha256);
export const attachments = (kind: string, id: string) => list('Attachments', kind, id);
export const evidenceFile = (sha256: string) => call('EvidenceFile', sha256);
/** Saves a file where the user picks in the desktop's save dialog; "" when cancelled. Wails only. */
export const saveFileAs = (name: string, contentBase64: string) => call('SaveFileAs', name, contentBase64);
/** Files leave the desktop window through its save dialog: its web view ignores downloads. */
export const savesThroughDialog = () => transport().name === 'wails';
/** Describes one evidence file of a record (type, collected on, valid until, source). */
export const setAttachmentMeta = (kind: string, id: string, sha256: string, meta: Args<'SetAttachmentMeta'>[3]) =>
  call('SetAttachmentMeta', kind, id, sha256, meta);
/** Every evidence file of the workspace, once, with the records it supports. */
export const evidenceList = () => list('EvidenceList');
export const evidenceSettings = () => call('EvidenceSettings');
export const setEvidenceSettings = (maxFileMB: number) => call('SetEvidenceSettings', { maxFileMB });
export { uploadEvidence, evidenceBlob, bundleFileBlob, type EvidenceOrigin } from './evidence';

// The auditor view of an evidence bundle, read-only (docs/evidence.md)
/** The desktop's open dialog for a 'bundle' (.zip) or a 'response' (.json); "" when cancelled. */
export const chooseFile = (what: 'bundle' | 'response') => call('ChooseFile', what);
export const openBundle = (path: string) => call('OpenBundle', path);
export const currentBundle = () => call('CurrentBundle');
export const closeBundle = () => call('CloseBundle');
export const bundleRecords = (register: string) => list('BundleRecords', register);
export const bundleHistory = (register: string) => list('BundleHistory', register);
export const bundleEvidence = () => list('BundleEvidence');
export const bundleNotes = () => call('BundleNotes');
export const saveBundleNotes = (notes: Args<'SaveBundleNotes'>[0]) => call('SaveBundleNotes', notes);
/** Signs the saved notes and findings; out "" returns the bytes to save. */
export const exportResponse = (out = '') => call('ExportResponse', out);
// The client's side of the bundle (docs/bundle.md)
export const bundleKey = () => call('BundleKey');
/** Exports the open workspace's bundle as a job (poll with finishJob, stop with cancelPack). */
export const startBundleExport = (req: Args<'StartBundleExport'>[0] = {}) => call('StartBundleExport', req);
/** Imports an auditor's response file: its findings, and nonconformities for their NC grades. */
export const importBundleResponse = (file: string) => call('ImportBundleResponse', file);

// Dashboard, risk, AI inventory and readiness (app/due.go, docs/risk.md)
/** Due and overdue items and open incidents; `today` is YYYY-MM-DD ("" = the server's today). */
export async function due(today = ''): Promise<Result<'Due'>> {
  const d = await call('Due', today);
  return {
    today: d?.today ?? today,
    now: d?.now ?? new Date().toISOString(),
    overdue: d?.overdue ?? [],
    dueThisMonth: d?.dueThisMonth ?? [],
    incidents: d?.incidents ?? [],
  };
}
export const recentChanges = (limit = 12) => list('RecentChanges', limit);
export const riskMethod = () => call('RiskMethod');
export const riskRegister = (lens: RiskLens = '', owner = '', aiSystem = '') => list('RiskRegister', lens, owner, aiSystem);
export const heatMap = (lens: RiskLens, residual: boolean) => call('HeatMap', lens, residual);
/** Monitoring readings with breaches worked out, for one AI system ("" = all). */
export async function monitoring(aiSystemId = ''): Promise<Result<'Monitoring'>> {
  const m = await call('Monitoring', aiSystemId);
  return { aiSystem: m?.aiSystem ?? aiSystemId, readings: m?.readings ?? [], breaches: m?.breaches ?? [] };
}
/** The stage gate of every AI system by id: its state and what it lacks, as the backend checks it. */
export const aiGates = async () => (await call('AIGates')) ?? {};
/** The responsible-AI principles per principle and per AI system: gates weighed, metrics, gaps. */
export async function aiPrinciples(): Promise<Result<'AIPrinciples'>> {
  const v = await call('AIPrinciples');
  return { principles: v?.principles ?? [], systems: v?.systems ?? [] };
}
/** The starter set of principles Keel offers, in its own words. */
export const starterPrinciples = () => list('StarterPrinciples');
/** Records the chosen principles of the starter set as drafts. */
export const addStarterPrinciples = (names: string[]) => call('AddStarterPrinciples', names);
export const readiness = () => list('Readiness');

// Packs (docs/packs.md)
/** The packs the backend renders, in menu order; needs no open workspace. */
export const packs = async () => (await list('Packs')).map((p) => ({ ...p, choices: p.choices ?? [] }));
/** Checks the request (field errors at once) and starts making the pack in the background. */
export const startPack = (req: PackRequest) => call('StartPack', req);
export const packStatus = (id: string) => call('PackStatus', id);
export const cancelPack = (id: string) => call('CancelPack', id);
/** A finished pack's PDF as base64, to save a copy elsewhere. */
export const packFile = (id: string) => call('PackFile', id);
/** Opens a finished pack in the PDF viewer, or its folder in the file manager. */
export const openPack = (id: string, folder: boolean) => call('OpenPack', id, folder);
/** The packs saved before in the packs folder, newest first; open one (or its folder) by file name. */
export const madePacks = () => call('MadePacks');
export const openMadePack = (fileName: string, folder: boolean) => call('OpenMadePack', fileName, folder);
export const packLogo = () => call('GetPackLogo');
export const setPackLogo = (base64: string) => call('SetPackLogo', base64);
export const removePackLogo = () => call('RemovePackLogo');
/** Excluded controls a risk treatment cites or another record contradicts (the SoA's notes). */
export const soaWarnings = () => list('SoAWarnings');

// Management review (app/review.go, docs/review.md)
/**
 * The inputs of a management review: reviewId "" takes the latest meeting in the period;
 * from/to are YYYY-MM-DD or "" (both "" = the review's own period). Errors name the field
 * at fault ("review", "period").
 */
export const reviewInputs = (reviewId: string, from = '', to = '') => call('ReviewInputs', reviewId, from, to);
/**
 * Records an action agreed at the review (fields of the action register: title, owner,
 * due_date…) and links it from the review. Validation errors name the field.
 */
export const addReviewAction = (reviewId: string, fields: Args<'AddReviewAction'>[1]) => call('AddReviewAction', reviewId, fields);

// Conflict inbox (app/conflicts.go, docs/conflicts.md)
/** What the merge of other devices' changes left to settle: conflicts, and the rules the merged state breaks. */
export const conflicts = () => call('Conflicts');
/** Settles a field conflict: the value of the op pickOp names, or (pickOp '') a merged value. */
export const resolveFieldConflict = (kind: string, id: string, field: string, pickOp: string, value: unknown) =>
  call('ResolveFieldConflict', kind, id, field, pickOp, value);
/** A record deleted while edited elsewhere: back out of the bin with the edits. */
export const restoreDeleted = (kind: string, id: string) => call('RestoreDeleted', kind, id);
/** A record deleted while edited elsewhere: keep it deleted. */
export const confirmDelete = (kind: string, id: string) => call('ConfirmDelete', kind, id);
// Sync between devices (app/sync.go, docs/sync.md)
export const syncStatus = () => call('SyncStatus');
/** One round through folder ("" for the folder used last); a new folder turns sync on there. */
export const syncFolder = (folder: string) => call('SyncFolder', folder);
/** Writes an invite file; the code that opens it is in the result only, once. */
export const syncInvite = (out: string) => call('SyncInvite', out);
/** Joins a workspace by invite file and code; it becomes the open workspace. */
export const syncJoin = (file: string, code: string, name = '', folder = '') => call('SyncJoin', file, code, name, folder);
export const syncRemoveDevice = (replica: string) => call('SyncRemoveDevice', replica);
/** Minutes between rounds of a watched folder when nothing changes; 0 only on change. */
export const syncSetInterval = (minutes: number) => call('SyncSetInterval', minutes);
/** true: every round takes all evidence files this device lacks; false: each when first opened. */
export const syncFetchAllEvidence = (all: boolean) => call('SyncFetchAllEvidence', all);

/** Subscribes to a backend event; returns the function that unsubscribes. */
export function onEvent<K extends keyof EventMap>(name: K, cb: (data: EventMap[K]) => void): Unsubscribe {
  return transport().on(name, (d) => cb(d as EventMap[K]));
}

/** Calls `cb` when the event stream comes back after dropping (events may have been missed). */
export function onReconnect(cb: () => void): Unsubscribe {
  return onEvent('transport:reconnected', () => cb());
}

// The consultant's overview (docs/parts/consultant.md)
/** Every workspace with its figures, sorted and filtered; each read without changing it. */
export const overview = (q: Args<'Overview'>[0]) => list('Overview', q);
export const templates = () => list('Templates');
export const saveTemplate = (name: string, registers: string[]) => call('SaveTemplate', name, registers);
export const previewTemplate = (name: string) => call('PreviewTemplate', name);
export const applyTemplate = (name: string) => call('ApplyTemplate', name);
export const createWorkspaceFromTemplate = (name: string, template: string) => call('CreateWorkspaceFromTemplate', name, template);
export const exportTemplate = (name: string) => call('ExportTemplate', name);
export const importTemplate = (base64: string) => call('ImportTemplate', base64);
