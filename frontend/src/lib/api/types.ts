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
  | 'links';

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
}
