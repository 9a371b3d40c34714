// Types of the UI side of the seam that no Go type declares: how the frontend reads record
// values, the error codes it maps, and the local reconnect event. The API's own types are
// in ./generated (written from the Go services; never copied by hand).
import type { Events } from './generated';

/** A field value as the forms read it: text/longtext/enum/date/person/link: string; multienum/links: string[]; number; bool. */
export type FieldValue = string | number | boolean | string[] | null;

export type FieldValues = { [name: string]: FieldValue };

/** ims.E* error codes (backend/ims/error.go). */
export type ErrorCode = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'internal';

export interface EventMap extends Events {
  /** Local: the event stream reconnected after dropping; reload what is shown. */
  'transport:reconnected': null;
}

/** The lens argument of RiskRegister and HeatMap ("" = every lens). */
export type RiskLens = '' | 'security' | 'privacy' | 'ai';

/** The format argument of ExportRecords and ImportRecords. */
export type TabularFormat = 'csv' | 'xlsx';
