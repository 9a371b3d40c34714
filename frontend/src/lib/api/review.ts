// Management review services (app/review.go, docs/review.md): the clause 9.3 inputs of one
// review, as the management-review pack gathers them, and actions agreed in the meeting.
// Re-exported by ./index: screens import from '../lib/api' as for every other call.
import { transport } from './transport';
import type { FieldValues, KeelRecord } from './types';

function call<T>(method: string, ...args: unknown[]): Promise<T> {
  return transport().call<T>(method, args);
}

/** The record an entry stands for. */
export interface ReviewItem {
  id: string;
  title: string;
}

export interface ReviewTally {
  label: string;
  /** By the summary's keys for this count, in order. */
  counts: number[];
  total: number;
}

export interface ReviewAction extends ReviewItem {
  owner: string;
  /** YYYY-MM-DD or "" */
  due: string;
  priority: string;
  status: string;
  /** The review that agreed it, or the action's source reference. */
  from: string;
  fromReview?: string;
  open: boolean;
  overdue: boolean;
}

export interface ReviewMeeting extends ReviewItem {
  meetingDate: string;
  periodFrom: string;
  periodTo: string;
  chair: string;
  attendees: string;
  status: string;
  decisions: string[];
  notes: string;
  actionIds: string[];
  actions: ReviewAction[];
}

export interface ReviewIssue extends ReviewItem {
  type: string;
  lens: string[];
  effect: string;
  status: string;
  /** RFC 3339 */
  changed: string;
}

export interface ReviewParty extends ReviewItem {
  category: string;
  lens: string[];
  influence: string;
  addressed: boolean | null;
  changed: string;
}

export interface ReviewNonconformity extends ReviewItem {
  source: string;
  severity: string;
  owner: string;
  due: string;
  status: string;
  overdue: boolean;
  effective: boolean | null;
}

export interface ReviewMeasurement {
  id: string;
  date: string;
  value: number | null;
}

export interface ReviewObjective extends ReviewItem {
  lens: string[];
  target: number | null;
  direction: string;
  unit: string;
  owner: string;
  status: string;
  /** Oldest first, up to the period's end. */
  readings: ReviewMeasurement[];
  latest: ReviewMeasurement | null;
}

export interface ReviewAudit extends ReviewItem {
  standards: string[];
  leadAuditor: string;
  start: string;
  end: string;
  status: string;
  /** By keys.findingTypes */
  findings: number[];
}

export interface ReviewFinding extends ReviewItem {
  auditId: string;
  audit: string;
  type: string;
  /** catalogue:id */
  ref: string;
  /** As people write it: "42001 A.10.3". */
  refName: string;
  nonconformity: (ReviewItem & { status: string; missing?: boolean }) | null;
}

export interface ReviewIncident extends ReviewItem {
  type: string;
  severity: string;
  awareAt: string;
  handler: string;
  aiSystem: string;
  icoReportable: string;
  icoReportedAt: string;
  status: string;
}

export interface ReviewRisk extends ReviewItem {
  lens: string[];
  owner: string;
  inherent: number;
  current: number;
  level: string;
  appetite: number;
  treatment: string;
  status: string;
}

export interface ReviewRisks {
  method: string;
  likelihoodLevels: number;
  impactLevels: number;
  total: number;
  unscored: number;
  /** By keys.riskLevels */
  inherent: number[];
  current: number[];
  /** label "" = not yet chosen */
  treatments: { label: string; count: number }[];
  overAppetite: ReviewRisk[];
}

export interface ReviewAISystem extends ReviewItem {
  provenance: string;
  stage: string;
  decisionImpact: string;
  stageChanges: { stage: string; at: string }[];
}

export interface ReviewBreach extends ReviewItem {
  aiSystemId: string;
  aiSystem: string;
  metric: string;
  value: number;
  threshold: number;
  direction: string;
  date: string;
  /** id of the nonconformity it raised, or "" */
  nonconformity: string;
}

export interface ReviewDPIA extends ReviewItem {
  required: string;
  residualRisk: string;
  outcome: string;
  status: string;
  reviewDate: string;
}

export interface ReviewSupplierIssue extends ReviewItem {
  service: string;
  criticality: string;
  issues: string[];
}

/** An opportunity for improvement from the improvement log (9.3.2 g, 10.1). */
export interface ReviewImprovement extends ReviewItem {
  source: string;
  lens: string[];
  owner: string;
  targetDate: string;
  status: string;
  /** Not done or declined. */
  open: boolean;
  /** Open and past its target date. */
  overdue: boolean;
}

/** review.Summary (backend/review): the inputs of one management review for its period. */
export interface ReviewSummary {
  organisation: string;
  from: string;
  to: string;
  /** The date things are judged overdue on. */
  asOf: string;
  review: ReviewMeeting | null;
  keys: {
    nonconformityStatuses: string[];
    findingTypes: string[];
    incidentTypes: string[];
    severities: string[];
    riskLevels: string[];
  };
  figures: {
    openNonconformities: number;
    objectives: number;
    objectivesOnTrack: number;
    risksOverAppetite: number;
    incidents: number;
  };
  previousReviews: ReviewMeeting[];
  previousActions: ReviewAction[];
  issues: ReviewIssue[];
  parties: ReviewParty[];
  nonconformities: ReviewNonconformity[];
  nonconformitiesBySource: ReviewTally[];
  objectives: ReviewObjective[];
  audits: ReviewAudit[];
  findings: ReviewFinding[];
  incidents: ReviewIncident[];
  incidentsByType: ReviewTally[];
  risks: ReviewRisks;
  aiSystems: ReviewAISystem[];
  monitoringResults: number;
  breaches: ReviewBreach[];
  dpias: ReviewDPIA[];
  suppliers: number;
  supplierIssues: ReviewSupplierIssue[];
  improvements: ReviewImprovement[];
}

/**
 * The inputs of a management review: reviewId "" takes the latest meeting in the period;
 * from/to are YYYY-MM-DD or "" (both "" = the review's own period). Errors name the field
 * at fault ("review", "period").
 */
export const reviewInputs = (reviewId: string, from = '', to = '') =>
  call<ReviewSummary>('ReviewInputs', reviewId, from, to);

/**
 * Records an action agreed at the review (fields of the action register: title, owner,
 * due_date…) and links it from the review. Validation errors name the field.
 */
export const addReviewAction = (reviewId: string, fields: FieldValues) =>
  call<KeelRecord>('AddReviewAction', reviewId, fields);
