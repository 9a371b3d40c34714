// The management review screen's view of a ReviewSummary: which review to show first, and
// each input of clause 9.3.2 as a section of small tables whose rows open their records.
import type { ApiError, KeelRecord, ReviewAction, ReviewSummary, ReviewTally } from '../../lib/api';
import { onTarget } from '../dashboard/trend';

/** Reviews newest first: by meeting date, then title. */
export function sortReviews(reviews: KeelRecord[]): KeelRecord[] {
  const date = (r: KeelRecord) => String(r.fields?.meeting_date ?? '');
  return [...reviews].sort((a, b) => date(b).localeCompare(date(a)) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-19" (or an RFC 3339 time) → "19 Nov 2026"; "" → "—". */
export function fmtDate(d: string | undefined | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d ?? '');
  if (!m) return d ? d : '—';
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : d!;
}

export function periodText(from: string, to: string): string {
  if (from && to) return `${fmtDate(from)} – ${fmtDate(to)}`;
  if (from) return `from ${fmtDate(from)}`;
  if (to) return `up to ${fmtDate(to)}`;
  return 'all dates';
}

/** A stored value as a cell reads it: capitalised, "—" when empty. */
export function cap(s: string | undefined | null): string {
  const t = (s ?? '').trim();
  return t ? t[0].toUpperCase() + t.slice(1) : '—';
}

export function lensText(l: string[] | undefined): string {
  return (l ?? []).map((x) => (x === 'ai' ? 'AI' : cap(x))).join(', ') || '—';
}

const num = (n: number) => String(Math.round(n * 1e6) / 1e6);
const unitted = (n: number, unit: string) => `${num(n)}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`;

export interface Cell {
  text: string;
  /** The record the cell opens. */
  link?: { kind: string; id: string };
  tone?: 'late' | 'ok' | 'warn';
}

export interface Row {
  key: string;
  cells: Cell[];
  /** Overdue: highlighted. */
  late?: boolean;
}

export interface Table {
  label: string;
  columns: string[];
  /** Indexes of right-aligned (numeric) columns. */
  numeric?: number[];
  /** Indexes of columns kept on one line (dates, scores). */
  nowrap?: number[];
  rows: Row[];
  /** Said instead of an empty table. */
  empty: string;
}

export interface Chip {
  label: string;
  count: number;
  tone?: 'late' | 'warn';
}

export interface Section {
  id: string;
  title: string;
  clause: string;
  /** How many things the section reports (its headline count). */
  count: number;
  /** Its tables need the full width. */
  wide?: boolean;
  note?: string;
  chips: Chip[];
  tables: Table[];
}

const link = (kind: string, id: string, text: string, tone?: Cell['tone']): Cell => ({ text: text || '(untitled)', link: { kind, id }, tone });
const text = (t: string, tone?: Cell['tone']): Cell => ({ text: t || '—', tone });

/** Sums tallies into one count per key, shown as chips ("Open 3"); zero counts are left out. */
export function chips(keys: string[], tallies: { counts: number[] }[], tone: (key: string) => Chip['tone'] = () => undefined): Chip[] {
  return keys
    .map((k, i) => ({ label: cap(k), count: tallies.reduce((n, t) => n + (t.counts[i] ?? 0), 0), tone: tone(k) }))
    .filter((c) => c.count > 0);
}

export function actionStats(actions: ReviewAction[]): { open: number; overdue: number } {
  return { open: actions.filter((a) => a.open).length, overdue: actions.filter((a) => a.overdue).length };
}

function statusCell(status: string, overdue: boolean): Cell {
  return overdue ? text(`${cap(status)} · overdue`, 'late') : text(cap(status));
}

const row = (key: string, cells: Cell[], late = false): Row => ({ key, cells, late });
const table = (label: string, columns: string[], rows: Row[], empty: string, numeric: number[] = []): Table => ({ label, columns, rows, empty, numeric });
const section = (id: string, title: string, clause: string, count: number, tables: Table[], more: Partial<Section> = {}): Section => ({
  id,
  title,
  clause,
  count,
  chips: [],
  tables,
  ...more,
});
const warnIf = (b: boolean) => (b ? ('warn' as const) : undefined);

function previous(s: ReviewSummary): Section {
  const { open, overdue } = actionStats(s.previousActions);
  const n = s.previousActions.length;
  return section(
    'previous',
    'Actions from previous reviews',
    '9.3.2 a',
    n,
    [
      table(
        'Actions',
        ['Action', 'From', 'Owner', 'Due', 'Status'],
        s.previousActions.map((a) =>
          row(
            a.id,
            [
              link('action', a.id, a.title),
              a.fromReview ? link('management_review', a.fromReview, a.from) : text(a.from),
              text(a.owner),
              text(fmtDate(a.due), a.overdue ? 'late' : undefined),
              statusCell(a.status, a.overdue),
            ],
            a.overdue,
          ),
        ),
        'No actions from earlier reviews.',
      ),
      table(
        'Earlier reviews',
        ['Review', 'Meeting', 'Status', 'Actions'],
        s.previousReviews.map((r) =>
          row(r.id, [link('management_review', r.id, r.title), text(fmtDate(r.meetingDate)), text(cap(r.status)), text(String(r.actionIds.length))]),
        ),
        'No earlier management review is recorded: this is the first.',
        [3],
      ),
    ],
    {
      note: n ? `${n} actions; ${open} still open, ${overdue} of them overdue at ${fmtDate(s.asOf)}.` : undefined,
      chips: overdue ? [{ label: 'Overdue', count: overdue, tone: 'late' }] : [],
    },
  );
}

function context(s: ReviewSummary): Section {
  return section('context', 'Changes in context and interested parties', '9.3.2 b–c', s.issues.length + s.parties.length, [
    table(
      'External and internal issues changed in the period',
      ['Issue', 'Type', 'Lens', 'Effect', 'Changed'],
      s.issues.map((r) =>
        row(r.id, [link('context_issue', r.id, r.title), text(cap(r.type)), text(lensText(r.lens)), text(cap(r.effect)), text(fmtDate(r.changed))]),
      ),
      'No issue changed in the period.',
    ),
    table(
      'Interested parties changed in the period',
      ['Party', 'Category', 'Influence', 'Addressed', 'Changed'],
      s.parties.map((r) =>
        row(r.id, [
          link('interested_party', r.id, r.title),
          text(cap(r.category)),
          text(cap(r.influence)),
          r.addressed === null ? text('') : text(r.addressed ? 'Yes' : 'No', warnIf(!r.addressed)),
          text(fmtDate(r.changed)),
        ]),
      ),
      'No interested party changed in the period.',
    ),
  ]);
}

function nonconformities(s: ReviewSummary): Section {
  const rows = s.nonconformities.map((r) =>
    row(
      r.id,
      [
        link('nonconformity', r.id, r.title),
        text(cap(r.source)),
        text(cap(r.severity), warnIf(r.severity === 'major')),
        text(r.owner),
        text(fmtDate(r.due), r.overdue ? 'late' : undefined),
        statusCell(r.status, r.overdue),
      ],
      r.overdue,
    ),
  );
  return section(
    'nonconformities',
    'Nonconformities and corrective action',
    '9.3.2 d',
    rows.length,
    [table('Nonconformities', ['Nonconformity', 'Source', 'Grade', 'Owner', 'Due', 'Status'], rows, 'No nonconformity open or closed in the period.')],
    {
      wide: true,
      note: 'Every nonconformity not yet closed, and those closed in the period.',
      chips: chips(s.keys.nonconformityStatuses, s.nonconformitiesBySource, (k) => warnIf(k === 'open')),
    },
  );
}

function objectives(s: ReviewSummary): Section {
  let met = 0;
  const rows = s.objectives.map((o) => {
    const last = o.latest?.value ?? undefined;
    const hit = onTarget(last, o.target, o.direction);
    const tone = hit === true ? 'ok' : warnIf(hit === false);
    if (hit) met++;
    const sign = o.direction === 'lower' ? '≤ ' : o.direction === 'higher' ? '≥ ' : '';
    return row(o.id, [
      link('objective', o.id, o.title),
      text(o.target === null ? '' : sign + unitted(o.target, o.unit)),
      text(o.latest && last !== undefined ? `${unitted(last, o.unit)} (${fmtDate(o.latest.date)})` : '', tone),
      text(hit === true ? 'Met' : hit === false ? 'Not met' : '', tone),
      text(cap(o.status)),
    ]);
  });
  return section(
    'objectives',
    'Objectives and measurements',
    '9.3.2 d',
    rows.length,
    [table('Objectives', ['Objective', 'Target', 'Latest', 'Target met', 'Status'], rows, 'No objectives are recorded.')],
    { note: rows.length ? `${met} of ${rows.length} meet their target on the latest measurement.` : undefined },
  );
}

function audits(s: ReviewSummary): Section {
  const isNC = (t: string) => t.endsWith('nonconformity');
  const raised = (nc: ReviewSummary['findings'][number]['nonconformity']): Cell => {
    if (!nc) return text('');
    return nc.missing ? text(nc.title) : link('nonconformity', nc.id, `${nc.title} (${nc.status || '—'})`);
  };
  return section(
    'audits',
    'Internal audit results',
    '9.3.2 d',
    s.audits.length,
    [
      table(
        'Audits planned, held or reported in the period',
        ['Audit', 'Standards', 'Lead auditor', 'Dates', 'Status', 'Findings'],
        s.audits.map((a) =>
          row(a.id, [
            link('audit', a.id, a.title),
            text(a.standards.map((x) => x.replace('ISO/IEC ', '')).join(', ')),
            text(a.leadAuditor),
            text(a.end && a.end !== a.start ? `${fmtDate(a.start)} – ${fmtDate(a.end)}` : fmtDate(a.start)),
            text(cap(a.status)),
            text(String(a.findings.reduce((n, c) => n + c, 0))),
          ]),
        ),
        'No internal audit was planned, held or reported in the period.',
        [5],
      ),
      table(
        'Findings, gravest first',
        ['Finding', 'Audit', 'Type', 'Requirement', 'Nonconformity raised'],
        s.findings.map((f) =>
          row(f.id, [link('finding', f.id, f.title), link('audit', f.auditId, f.audit), text(cap(f.type), warnIf(isNC(f.type))), text(f.refName), raised(f.nonconformity)]),
        ),
        'No findings in the period.',
      ),
    ],
    { wide: true, chips: chips(s.keys.findingTypes, s.audits.map((a) => ({ counts: a.findings })), (k) => warnIf(isNC(k))) },
  );
}

function incidents(s: ReviewSummary): Section {
  const typeText = (r: ReviewSummary['incidents'][number]) => {
    if (r.type === 'personal-data breach') {
      if (r.icoReportedAt) return `${cap(r.type)} · reported to the ICO ${fmtDate(r.icoReportedAt)}`;
      if (r.icoReportable) return `${cap(r.type)} · ICO reportable: ${r.icoReportable}`;
    }
    if (r.type === 'AI system failure' && r.aiSystem) return `${cap(r.type)} · ${r.aiSystem}`;
    return cap(r.type);
  };
  return section(
    'incidents',
    'Incidents, including personal-data breaches',
    '9.3.2 d · 27701',
    s.incidents.length,
    [
      table(
        'Incidents in the period',
        ['Incident', 'Type', 'Severity', 'Aware', 'Status'],
        s.incidents.map((r) =>
          row(r.id, [
            link('incident', r.id, r.title),
            text(typeText(r)),
            text(cap(r.severity), warnIf(r.severity === 'high' || r.severity === 'critical')),
            text(fmtDate(r.awareAt)),
            text(cap(r.status)),
          ]),
        ),
        'No incident in the period.',
      ),
    ],
    { chips: s.incidentsByType.filter((t: ReviewTally) => t.total > 0).map((t) => ({ label: cap(t.label), count: t.total })) },
  );
}

function risks(s: ReviewSummary): Section {
  const r = s.risks;
  const treatments = r.treatments.map((t) => `${t.label ? cap(t.label) : 'Not yet chosen'} ${t.count}`).join(' · ');
  return section(
    'risks',
    'Risk assessment results and treatment',
    '9.3.2 e–f',
    r.total,
    [
      table(
        'Risks by level',
        ['Level', 'Inherent', 'Current'],
        s.keys.riskLevels.map((l, i) => row(l, [text(l), text(String(r.inherent[i] ?? 0)), text(String(r.current[i] ?? 0))])),
        'No risk method.',
        [1, 2],
      ),
      table(
        'Risks over appetite',
        ['Risk', 'Lens', 'Owner', 'Current', 'Appetite', 'Treatment'],
        r.overAppetite.map((x) =>
          row(x.id, [link('risk', x.id, x.title), text(lensText(x.lens)), text(x.owner), text(`${x.current} ${x.level}`, 'late'), text(num(x.appetite)), text(cap(x.treatment))]),
        ),
        'No risk is over the appetite set for its lenses.',
        [4],
      ),
    ],
    {
      wide: true,
      note: `On ${r.method} (${r.likelihoodLevels}×${r.impactLevels}).${treatments ? ` Treatment chosen: ${treatments}.` : ''}${r.unscored ? ` ${r.unscored} not yet scored.` : ''}`,
      chips: r.overAppetite.length ? [{ label: 'Over appetite', count: r.overAppetite.length, tone: 'late' }] : [],
    },
  );
}

function aiSystems(s: ReviewSummary): Section {
  const changed = s.aiSystems.filter((a) => a.stageChanges.length > 0);
  const b = s.breaches;
  return section(
    'ai',
    'AI systems: lifecycle changes and monitoring',
    '42001 9.1, A.6',
    changed.length + b.length,
    [
      table(
        'Stage changes in the period',
        ['AI system', 'Stage now', 'Changes'],
        changed.map((a) =>
          row(a.id, [link('ai_system', a.id, a.title), text(cap(a.stage)), text(a.stageChanges.map((c) => `→ ${c.stage}, ${fmtDate(c.at)}`).join('; '))]),
        ),
        'No AI system changed stage in the period.',
      ),
      table(
        'Monitoring past threshold',
        ['AI system', 'Measurement', 'Value', 'Threshold', 'Date', 'Nonconformity'],
        b.map((x) =>
          row(x.id, [
            x.aiSystemId ? link('ai_system', x.aiSystemId, x.aiSystem) : text(x.aiSystem),
            link('monitoring_record', x.id, x.title),
            text(num(x.value), 'warn'),
            text(`${x.direction.replace(/^breach when /, '')} ${num(x.threshold)}`),
            text(fmtDate(x.date)),
            x.nonconformity ? link('nonconformity', x.nonconformity, 'Raised') : text('None raised', 'warn'),
          ]),
        ),
        'No monitoring result past its threshold in the period.',
        [2],
      ),
      table(
        'Responsible-AI principles changed in the period',
        ['Principle', 'Status', 'Change', 'Breaches of its metrics'],
        s.principles.map((p) =>
          row(p.id, [link('ai_principle', p.id, p.title), text(cap(p.status)), text(p.new ? 'New' : 'Changed'), text(String(p.breaches), warnIf(p.breaches > 0))]),
        ),
        'No principle was added or changed in the period.',
        [3],
      ),
    ],
    {
      wide: true,
      note: `${s.aiSystems.length} AI systems, ${changed.length} changed stage in the period; ${s.monitoringResults} monitoring results, ${b.length} past their threshold.`,
      chips: b.length ? [{ label: 'Past threshold', count: b.length, tone: 'warn' }] : [],
    },
  );
}

function dpias(s: ReviewSummary): Section {
  return section('dpias', 'Data protection impact assessments', '27701 · UK GDPR Art 35', s.dpias.length, [
    table(
      'DPIAs',
      ['DPIA', 'Residual risk', 'Outcome', 'Status', 'Next review'],
      s.dpias.map((d) => {
        const late = !!d.reviewDate && d.reviewDate < s.asOf;
        return row(
          d.id,
          [
            link('dpia', d.id, d.title),
            text(cap(d.residualRisk), warnIf(d.residualRisk === 'high')),
            text(cap(d.outcome)),
            text(cap(d.status)),
            text(fmtDate(d.reviewDate), late ? 'late' : undefined),
          ],
          late,
        );
      }),
      'No DPIA is recorded.',
    ),
  ]);
}

function suppliers(s: ReviewSummary): Section {
  return section(
    'suppliers',
    'Supplier issues',
    '8.1 · 27001 A.5.19–A.5.22 · 42001 A.10',
    s.supplierIssues.length,
    [
      table(
        'Suppliers that need attention',
        ['Supplier', 'Criticality', 'Issue'],
        s.supplierIssues.map((x) => row(x.id, [link('supplier', x.id, x.title), text(cap(x.criticality)), text(x.issues.join('; '))])),
        'No supplier issue.',
      ),
    ],
    { note: `${s.supplierIssues.length} of ${s.suppliers} suppliers need attention.` },
  );
}

function improvements(s: ReviewSummary): Section {
  const open = s.improvements.filter((x) => x.open).length;
  const overdue = s.improvements.filter((x) => x.overdue).length;
  return section(
    'improvements',
    'Opportunities for improvement',
    '9.3.2 g · 10.1',
    s.improvements.length,
    [
      table(
        'Open, or logged, changed or finished in the period',
        ['Improvement', 'Source', 'Owner', 'Target', 'Status'],
        s.improvements.map((x) =>
          row(
            x.id,
            [
              link('improvement', x.id, x.title),
              text(cap(x.source)),
              text(x.owner),
              text(fmtDate(x.targetDate), x.overdue ? 'late' : undefined),
              statusCell(x.status, x.overdue),
            ],
            x.overdue,
          ),
        ),
        'No opportunity for improvement is logged.',
      ),
    ],
    {
      note: s.improvements.length ? `${s.improvements.length} improvements; ${open} open, ${overdue} past their target date.` : undefined,
      chips: overdue ? [{ label: 'Overdue', count: overdue, tone: 'late' }] : [],
    },
  );
}

const ONE_LINE = new Set(['Due', 'Target', 'Meeting', 'Changed', 'Aware', 'Date', 'Next review', 'Current', 'Requirement']);

/** The inputs of the review, in the order clause 9.3.2 lists them. */
export function sections(s: ReviewSummary): Section[] {
  const out = [previous(s), context(s), nonconformities(s), objectives(s), audits(s), incidents(s), risks(s), aiSystems(s), dpias(s), suppliers(s), improvements(s)];
  for (const sec of out) {
    for (const t of sec.tables) t.nowrap = t.columns.flatMap((c, i) => (ONE_LINE.has(c) ? [i] : []));
  }
  return out;
}

/** The fields of the add-action form. */
export const ACTION_FIELDS = ['title', 'owner', 'due_date'] as const;
export type ActionField = (typeof ACTION_FIELDS)[number];
export type ActionDraft = Record<ActionField, string>;

/** The fields to send: trimmed, empty ones left out so the backend names what is missing. */
export function actionFields(d: ActionDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ACTION_FIELDS) {
    const v = d[k].trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Where a failed add shows its message: beside the field it names, else above the form. */
export function actionError(e: ApiError): { field: ActionField | ''; message: string } {
  const f = e.field as ActionField | undefined;
  return f && (ACTION_FIELDS as readonly string[]).includes(f) ? { field: f, message: e.message } : { field: '', message: e.message };
}
