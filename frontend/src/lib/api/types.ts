// Types of the service API, as documented in docs/api.md. Keep in step with backend/ims.

export type FieldType =
  | 'text'
  | 'longtext'
  | 'enum'
  | 'multienum'
  | 'date'
  | 'number'
  | 'bool'
  | 'person'
  | 'link'
  | 'links'
  /** An instant, RFC 3339 in UTC ("2026-11-27T09:30:00Z"). */
  | 'datetime'
  /** Evidence files, each "<sha256>/<file name>". */
  | 'attachments';

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  help?: string;
  options?: string[];
  linkKind?: string;
  listColumn?: boolean;
  index?: boolean;
  /** Maximum length in characters for text fields (sent by the backend; not in docs/api.md yet). */
  maxLen?: number;
  /** A date or datetime whose passing makes the record due or overdue. */
  due?: boolean;
  /**
   * The text holds catalogue references, catalogue:id: one, or many (one per line in a long
   * text, comma-separated in a text). The backend refuses items no catalogue holds.
   */
  refs?: 'one' | 'many';
}

export interface Kind {
  name: string;
  label: string;
  plural: string;
  group: string;
  clause: string;
  help: string;
  titleField: string;
  fields: Field[];
}

export interface Group {
  name: string;
  kinds: string[];
}

export interface Actor {
  name: string;
  email: string;
  role: string;
}

export interface ConflictValue {
  value: FieldValue;
  opId: string;
  actor: Actor;
  at: string;
}

/** text/longtext/enum/date/person/link: string; multienum/links: string[]; number; bool. */
export type FieldValue = string | number | boolean | string[] | null;

export type FieldValues = { [name: string]: FieldValue };

export interface KeelRecord {
  id: string;
  kind: string;
  title: string;
  fields: FieldValues;
  conflicts?: { [field: string]: ConflictValue[] };
  deleted: boolean;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
}

export interface ListQuery {
  kind: string;
  search?: string;
  filters?: { [field: string]: string };
  sort?: string;
  desc?: boolean;
  /** true lists only deleted records (the bin). */
  deleted?: boolean;
  offset?: number;
  limit?: number;
}

export interface ListResult {
  records: KeelRecord[];
  total: number;
}

export type HistoryType = 'create' | 'set' | 'link' | 'unlink' | 'delete' | 'restore';

export interface HistoryEntry {
  opId: string;
  at: string;
  actor: Actor;
  type: HistoryType;
  field?: string;
  value?: FieldValue;
}

export interface WorkspaceInfo {
  id: string;
  name: string;
  createdAt: string;
  path: string;
  current: boolean;
}

export interface VersionInfo {
  version: string;
  transport: 'wails' | 'http';
}

export interface SearchHit {
  kind: string;
  id: string;
  title: string;
}

export type ErrorCode = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'internal';

export interface RecordsChangedEvent {
  kind: string;
  id: string;
}

export interface EventMap {
  'records:changed': RecordsChangedEvent;
  'workspace:changed': WorkspaceInfo | null;
  /** Local: the event stream reconnected after dropping; reload what is shown. */
  'transport:reconnected': null;
}

// ---- Standards catalogue and gap analysis (docs/gap.md) -------------------------------

export type CatalogueItemKind = 'clause' | 'control' | 'objective' | 'area' | 'annex';

export interface CatalogueItem {
  id: string;
  title: string;
  kind: CatalogueItemKind;
  /** '' at the top. */
  parent: string;
  /** Keel's own one-line summary. */
  description: string;
  unverified: boolean;
}

export interface CatalogueSummary {
  id: string;
  title: string;
  edition: string;
  notice: string;
  /** How many items are unverified. */
  unverified: number;
  /** Data order, parents first. */
  items: CatalogueItem[];
}

export type Relationship = 'equal' | 'subset' | 'superset' | 'intersect' | 'no-relationship';
export type GapClass = 'inherit' | 'extend' | 'new';

export interface ItemMapping {
  from: string;
  to: string;
  relationship: Relationship;
  rationale: string;
  class?: GapClass;
  /** from: this item is the source. */
  direction: 'from' | 'to';
  other: string;
  other_title: string;
  other_unverified: boolean;
}

export type Status = 'not-started' | 'planned' | 'partial' | 'implemented' | 'not-applicable';
export type GapResult = 'done' | 'met-by-inheritance' | 'extend' | 'new' | 'not-applicable';

export interface CatalogueItemView {
  catalogue: string;
  notice: string;
  item: CatalogueItem;
  ancestors: CatalogueItem[];
  children: CatalogueItem[];
  mappings: ItemMapping[];
  processes: string[];
  /** '' when no workspace is open. */
  status: '' | Status;
}

export interface ItemGap {
  id: string;
  title: string;
  kind: 'clause' | 'control';
  group: string;
  class: GapClass;
  status: Status;
  result: GapResult;
  inherited_from: string[];
  todo: string;
  step: number;
}

export interface Coverage {
  group: string;
  title: string;
  total: number;
  done: number;
  met_by_inheritance: number;
  extend: number;
  new: number;
  not_applicable: number;
  covered: number;
  percent: number;
}

export interface PlanItem {
  id: string;
  title: string;
  status: Status;
  result: GapResult;
  todo: string;
}

export interface PlanStep {
  step: number;
  title: string;
  total: number;
  covered: number;
  items: PlanItem[];
}

export interface MissingItem {
  ref: string;
  title: string;
  status: Status;
  result?: GapResult;
  todo?: string;
}

export interface Proof {
  number: number;
  title: string;
  ready: boolean;
  total: number;
  percent: number;
  met: string[];
  missing: MissingItem[];
  not_applicable: string[];
}

export interface GapAnalysis {
  items: ItemGap[];
  coverage: { clauses: Coverage[]; annex: Coverage[]; totals: Coverage[] };
  plan: PlanStep[];
  readiness: Proof[];
}

export interface SetStatusesResult {
  status: Status;
  created: string[];
  updated: string[];
  unchanged: string[];
}

// ---- CSV / XLSX -----------------------------------------------------------------------

export type TabularFormat = 'csv' | 'xlsx';

export interface ExportFile {
  kind: string;
  format: TabularFormat;
  fileName: string;
  contentType: string;
  records: number;
  contentBase64: string;
}

export interface CellError {
  /** Spreadsheet row (the header is 1); 0 is the file as a whole. */
  row: number;
  column?: string;
  message: string;
}

export interface ImportResult {
  kind: string;
  created: number;
  ids: string[];
  /** Non-empty means nothing was imported. */
  errors: CellError[];
  message: string;
}

// ---- Evidence files (docs/tabular.md) -------------------------------------------------

export interface Attachment {
  sha256: string;
  name: string;
  size: number;
  /** Referenced but not in this workspace's files (not synced yet?). */
  missing: boolean;
}

export interface EvidenceContent {
  sha256: string;
  size: number;
  contentBase64: string;
}

/** A record linking to another through one of its link fields (app.BackLink). */
export interface BackLink {
  kind: string;
  kind_label: string;
  id: string;
  title: string;
  field: string;
  field_label: string;
}
