// Dashboard, risk, readiness and pack services (app/due.go, docs/risk.md, docs/packs.md).
// Re-exported by ./index: screens import from '../lib/api' as for every other call.
import { transport } from './transport';

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  return transport().call<T>(method, args);
}

// ---- Due (home dashboard) ---------------------------------------------------------------

export interface DueItem {
  kind: string;
  id: string;
  title: string;
  field: string;
  label: string;
  /** YYYY-MM-DD */
  date: string;
  state: 'overdue' | 'due';
  /** Negative when overdue. */
  daysLeft: number;
}

export interface BreachClock {
  /** RFC 3339 */
  awareAt: string;
  /** RFC 3339: awareAt + 72 h */
  deadline: string;
  /** Negative once the deadline has passed (as of the server's `now`). */
  hoursLeft: number;
  /** Passed and not reported. */
  overdue: boolean;
  /** Reported to the ICO, or assessed as not reportable. */
  stopped: boolean;
}

export interface OpenIncident {
  id: string;
  title: string;
  type: string;
  severity: string;
  status: string;
  clock?: BreachClock;
}

/** One recent change (the ops of one edit grouped), newest first. */
export interface Change {
  kind: string;
  id: string;
  title: string;
  at: string;
  actor: { name: string; email: string; role: string };
  type: 'create' | 'set' | 'link' | 'unlink' | 'delete' | 'restore';
  fields: string[];
}

export interface DueSummary {
  today: string;
  now: string;
  overdue: DueItem[];
  dueThisMonth: DueItem[];
  incidents: OpenIncident[];
}

// ---- Risk (docs/risk.md) ----------------------------------------------------------------

export type RiskLens = '' | 'security' | 'privacy' | 'ai';

export interface Band {
  max: number;
  name: string;
}

export interface RiskMethod {
  id?: string;
  title: string;
  version?: string;
  likelihoodLevels: number;
  impactLevels: number;
  likelihoodLabels: string[];
  impactLabels: string[];
  bands: Band[];
  appetite: { [lens: string]: number };
  default: boolean;
}

export interface ScoredRisk {
  id: string;
  title: string;
  lenses: string[];
  owner: string;
  inherentLikelihood: number;
  inherentImpact: number;
  residualLikelihood: number;
  residualImpact: number;
  aiSystems: string[];
  status: string;
  inherentScore: number;
  inherentLevel: string;
  residualScore: number;
  residualLevel: string;
  appetite: number | null;
  overAppetite: boolean;
  reviewDate: string;
}

export interface HeatCell {
  likelihood: number;
  impact: number;
  score: number;
  level: string;
  count: number;
  riskIds: string[];
  overAppetite: number;
}

export interface HeatMap {
  lens: string;
  residual: boolean;
  likelihoodLabels: string[];
  impactLabels: string[];
  /** cells[likelihood-1][impact-1] */
  cells: HeatCell[][];
  total: number;
  unscored: string[];
  overAppetite: string[];
}

export interface ReadinessCount {
  text: string;
  done: number;
  total: number;
}

export interface MissingRecord {
  kind: string;
  /** "" = a record still to create */
  id: string;
  title: string;
  reason: string;
}

export interface ReadinessProof {
  number: 1 | 2 | 3 | 4;
  title: string;
  ready: boolean;
  counts: ReadinessCount[];
  missing: MissingRecord[];
}

export interface MonitoringReading {
  id: string;
  title: string;
  aiSystem: string;
  metricType: string;
  metric: string;
  value: number;
  threshold: number;
  direction: string;
  /** YYYY-MM-DD */
  date: string;
  breach: boolean;
}

export interface MonitoringSummary {
  aiSystem: string;
  /** newest first */
  readings: MonitoringReading[];
  breaches: MonitoringReading[];
}

// ---- Packs (docs/packs.md) --------------------------------------------------------------

/** A pack's kind, as packs() lists it (reports/registry.go): gap, soa, management-review… */
export type PackKind = string;

/** A request field a pack takes besides the period (app.PackRequest). */
export type PackChoice = 'standards' | 'review';

/** One pack on offer (app.PackInfo), in menu order. */
export interface PackInfo {
  kind: PackKind;
  title: string;
  /** What the generate button calls it. */
  short: string;
  /** One line on what is in it. */
  summary: string;
  choices: PackChoice[];
}

export interface PackResult {
  kind: PackKind;
  file_name: string;
  pages: number;
  /** base64 of the PDF */
  pdf: string;
}

/** What the Packs screen asks for (app.PackRequest). */
export interface PackRequest {
  kind: PackKind;
  from: string;
  to: string;
  /** Narrows the SoA: catalogue IDs, one 27701 edition at most. */
  standards?: string[];
  /** The management_review record the review pack reports on ("" = latest in the period). */
  review?: string;
  version?: string;
  classification?: string;
  approver?: string;
  no_logo?: boolean;
}

export type PackJobState = 'running' | 'done' | 'failed' | 'cancelled';

/** A pack being made in the background (app.PackJob), polled with packStatus. */
export interface PackJob {
  id: string;
  kind: PackKind;
  state: PackJobState;
  percent: number;
  step: string;
  error?: string;
  path?: string;
  folder?: string;
  file_name?: string;
  pages?: number;
  bytes?: number;
}

/** The workspace's cover logo; data is "" when there is none. */
export interface PackLogo {
  data?: string;
  media_type?: string;
  bytes: number;
}

// ---- calls ------------------------------------------------------------------------------

/** Due and overdue items and open incidents; `today` is YYYY-MM-DD ("" = the server's today). */
export async function due(today = ''): Promise<DueSummary> {
  const d = await call<DueSummary | null>('Due', today);
  return {
    today: d?.today ?? today,
    now: d?.now ?? new Date().toISOString(),
    overdue: d?.overdue ?? [],
    dueThisMonth: d?.dueThisMonth ?? [],
    incidents: d?.incidents ?? [],
  };
}

export const recentChanges = async (limit = 12) => (await call<Change[] | null>('RecentChanges', limit)) ?? [];
export const riskMethod = () => call<RiskMethod>('RiskMethod');
export const riskRegister = async (lens: RiskLens = '', owner = '', aiSystem = '') =>
  (await call<ScoredRisk[] | null>('RiskRegister', lens, owner, aiSystem)) ?? [];
export const heatMap = (lens: RiskLens, residual: boolean) => call<HeatMap>('HeatMap', lens, residual);
/** Monitoring readings with breaches worked out, for one AI system ("" = all). */
export async function monitoring(aiSystemId = ''): Promise<MonitoringSummary> {
  const m = await call<MonitoringSummary | null>('Monitoring', aiSystemId);
  return { aiSystem: m?.aiSystem ?? aiSystemId, readings: m?.readings ?? [], breaches: m?.breaches ?? [] };
}
export const readiness = async () => (await call<ReadinessProof[] | null>('Readiness')) ?? [];
/** The packs the backend renders, in menu order; needs no open workspace. */
export const packs = async () =>
  ((await call<PackInfo[] | null>('Packs')) ?? []).map((p) => ({ ...p, choices: p.choices ?? [] }));
/** Checks the request (field errors at once) and starts making the pack in the background. */
export const startPack = (req: PackRequest) => call<PackJob>('StartPack', req);
export const packStatus = (id: string) => call<PackJob>('PackStatus', id);
export const cancelPack = (id: string) => call<PackJob>('CancelPack', id);
/** A finished pack's PDF as base64, to save a copy elsewhere. */
export const packFile = (id: string) => call<PackResult>('PackFile', id);
/** Opens a finished pack in the PDF viewer, or its folder in the file manager. */
export const openPack = (id: string, folder: boolean) => call<void>('OpenPack', id, folder);
export const packLogo = () => call<PackLogo>('GetPackLogo');
export const setPackLogo = (base64: string) => call<PackLogo>('SetPackLogo', base64);
export const removePackLogo = () => call<void>('RemovePackLogo');
