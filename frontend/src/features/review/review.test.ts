import { describe, expect, it } from 'vitest';
import { ApiError, type KeelRecord, type ReviewSummary } from '../../lib/api';
import { actionError, actionFields, actionStats, cap, chips, fmtDate, lensText, periodText, sections, sortReviews } from './review';

const rec = (id: string, title: string, meeting_date?: string): KeelRecord =>
  ({ id, kind: 'management_review', title, fields: meeting_date ? { meeting_date } : {}, deleted: false }) as KeelRecord;

const action = (id: string, over: Partial<ReviewSummary['previousActions'][number]> = {}) => ({
  id,
  title: `Action ${id}`,
  owner: 'Zoë Łukasiewicz',
  due: '2026-06-30',
  priority: 'high',
  status: 'open',
  from: 'Management review 2025',
  fromReview: 'mr-2025',
  open: true,
  overdue: false,
  ...over,
});

function summary(): ReviewSummary {
  return {
    organisation: 'Fenmore',
    from: '2025-11-16',
    to: '2026-11-15',
    asOf: '2026-11-15',
    review: {
      id: 'mr-2026', title: 'Management review 2026', meetingDate: '2026-11-19', periodFrom: '2025-11-16', periodTo: '2026-11-15',
      chair: 'Siobhán', attendees: '', status: 'held', decisions: ['Keep the AI appetite at 6'], notes: '', actionIds: [], actions: [],
    },
    keys: {
      nonconformityStatuses: ['open', 'action planned', 'awaiting check', 'closed'],
      findingTypes: ['conformity', 'observation', 'minor nonconformity', 'major nonconformity'],
      incidentTypes: ['security incident', 'personal-data breach', 'AI system failure'],
      severities: ['low', 'medium', 'high', 'critical'],
      riskLevels: ['Low', 'Medium', 'High'],
    },
    figures: { openNonconformities: 2, objectives: 1, objectivesOnTrack: 1, risksOverAppetite: 1, incidents: 1 },
    previousReviews: [],
    previousActions: [action('a1', { overdue: true, status: 'in progress' }), action('a2', { open: false, status: 'done' })],
    issues: [],
    parties: [],
    nonconformities: [
      { id: 'nc1', title: 'Access review', source: 'internal audit', severity: 'minor', owner: 'Zoë', due: '2026-08-31', status: 'open', overdue: true, effective: null },
    ],
    nonconformitiesBySource: [
      { label: 'internal audit', counts: [1, 0, 1, 0], total: 2 },
      { label: 'monitoring', counts: [1, 0, 0, 0], total: 1 },
    ],
    objectives: [
      {
        id: 'o1', title: 'Declines reviewed', lens: ['ai'], target: 95, direction: 'higher', unit: '%', owner: 'Priya', status: 'on track',
        readings: [{ id: 'm1', date: '2026-10-01', value: 97 }], latest: { id: 'm1', date: '2026-10-01', value: 97 },
      },
    ],
    audits: [{ id: 'au1', title: 'AI lifecycle', standards: ['ISO/IEC 42001'], leadAuditor: 'José', start: '2026-05-11', end: '2026-05-13', status: 'closed', findings: [1, 1, 1, 0] }],
    findings: [
      { id: 'f1', title: 'Change notices', auditId: 'au1', audit: 'AI lifecycle', type: 'minor nonconformity', ref: 'iso42001-2023:A.10.3', refName: '42001 A.10.3', nonconformity: { id: 'nc1', title: 'Access review', status: 'open' } },
    ],
    incidents: [
      { id: 'i1', title: 'Letters to the wrong address', type: 'personal-data breach', severity: 'high', awareAt: '2026-03-02T10:00:00Z', handler: '', aiSystem: '', icoReportable: 'yes', icoReportedAt: '2026-03-04T09:00:00Z', status: 'closed' },
    ],
    incidentsByType: [
      { label: 'security incident', counts: [0, 0, 0, 0], total: 0 },
      { label: 'personal-data breach', counts: [0, 0, 1, 0], total: 1 },
    ],
    risks: {
      method: 'Fenmore method', likelihoodLevels: 5, impactLevels: 5, total: 3, unscored: 1, inherent: [0, 1, 1], current: [1, 0, 1],
      treatments: [{ label: 'reduce', count: 1 }, { label: '', count: 1 }],
      overAppetite: [{ id: 'r1', title: 'Model drift', lens: ['ai'], owner: 'Priya', inherent: 16, current: 12, level: 'High', appetite: 6, treatment: 'reduce', status: 'open' }],
    },
    aiSystems: [
      { id: 's1', title: 'Credit model', provenance: 'internal', stage: 'operation and monitoring', decisionImpact: 'high', stageChanges: [{ stage: 'deployment', at: '2026-03-12T09:00:00Z' }] },
      { id: 's2', title: 'Chatbot', provenance: 'third-party', stage: 'design and development', decisionImpact: 'low', stageChanges: [] },
    ],
    monitoringResults: 6,
    breaches: [],
    principles: [{ id: 'p1', title: 'Fairness', status: 'approved', new: true, breaches: 1 }],
    dpias: [],
    suppliers: 4,
    supplierIssues: [],
    improvements: [
      { id: 'im1', title: 'Automate the leavers sweep', source: 'audit', lens: ['security'], owner: 'Zoë', targetDate: '2026-03-31', status: 'in progress', open: true, overdue: true },
      { id: 'im2', title: 'Single risk method', source: 'management review', lens: [], owner: 'Björn', targetDate: '2026-05-31', status: 'done', open: false, overdue: false },
    ],
  };
}

describe('review helpers', () => {
  it('sorts reviews newest first, undated last', () => {
    const got = sortReviews([rec('a', 'Review 2025', '2025-11-20'), rec('b', 'Draft'), rec('c', 'Review 2026', '2026-11-19')]);
    expect(got.map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('formats dates, periods, values and lenses', () => {
    expect(fmtDate('2026-11-19')).toBe('19 Nov 2026');
    expect(fmtDate('2026-03-04T09:00:00Z')).toBe('4 Mar 2026');
    expect(fmtDate('')).toBe('—');
    expect(fmtDate('soon')).toBe('soon');
    expect(periodText('2025-11-16', '2026-11-15')).toBe('16 Nov 2025 – 15 Nov 2026');
    expect(periodText('', '2026-11-15')).toBe('up to 15 Nov 2026');
    expect(periodText('', '')).toBe('all dates');
    expect(cap('in progress')).toBe('In progress');
    expect(cap('  ')).toBe('—');
    expect(lensText(['security', 'ai'])).toBe('Security, AI');
    expect(lensText([])).toBe('—');
  });

  it('counts open and overdue actions', () => {
    expect(actionStats(summary().previousActions)).toEqual({ open: 1, overdue: 1 });
  });

  it('sums tallies into chips, leaving out zeros', () => {
    const s = summary();
    expect(chips(s.keys.nonconformityStatuses, s.nonconformitiesBySource, (k) => (k === 'open' ? 'warn' : undefined))).toEqual([
      { label: 'Open', count: 2, tone: 'warn' },
      { label: 'Awaiting check', count: 1, tone: undefined },
    ]);
  });
});

describe('sections', () => {
  const secs = sections(summary());
  const byId = (id: string) => secs.find((s) => s.id === id)!;

  it('lists the inputs of 9.3.2 in order, with counts', () => {
    expect(secs.map((s) => s.id)).toEqual(['previous', 'context', 'nonconformities', 'objectives', 'audits', 'incidents', 'risks', 'ai', 'dpias', 'suppliers', 'improvements']);
    expect(byId('previous').count).toBe(2);
    expect(byId('ai').count).toBe(1); // one stage change, no breach
    expect(byId('risks').count).toBe(3);
  });

  it('gathers the principles changed in the period with the breaches of their metrics', () => {
    const t = byId('ai').tables[2];
    expect(t.label).toBe('Responsible-AI principles changed in the period');
    expect(t.rows[0].cells).toEqual([
      { text: 'Fairness', link: { kind: 'ai_principle', id: 'p1' }, tone: undefined },
      { text: 'Approved', tone: undefined },
      { text: 'New', tone: undefined },
      { text: '1', tone: 'warn' },
    ]);
  });

  it('highlights overdue actions and links them to their records', () => {
    const prev = byId('previous');
    expect(prev.note).toBe('2 actions; 1 still open, 1 of them overdue at 15 Nov 2026.');
    expect(prev.chips).toEqual([{ label: 'Overdue', count: 1, tone: 'late' }]);
    const [late, done] = prev.tables[0].rows;
    expect(late.late).toBe(true);
    expect(late.cells[0]).toEqual({ text: 'Action a1', link: { kind: 'action', id: 'a1' }, tone: undefined });
    expect(late.cells[1].link).toEqual({ kind: 'management_review', id: 'mr-2025' });
    expect(late.cells[4]).toEqual({ text: 'In progress · overdue', tone: 'late' });
    expect(done.late).toBe(false);
    expect(prev.tables[0].nowrap).toEqual([3]); // the due date stays on one line
    expect(prev.tables[1].rows).toEqual([]);
    expect(prev.tables[1].empty).toMatch(/this is the first/);
  });

  it('reads objectives against their target', () => {
    const row = byId('objectives').tables[0].rows[0];
    expect(row.cells.map((c) => c.text)).toEqual(['Declines reviewed', '≥ 95%', '97% (1 Oct 2026)', 'Met', 'On track']);
    expect(byId('objectives').note).toBe('1 of 1 meet their target on the latest measurement.');
  });

  it('shows findings by type and the nonconformity each raised', () => {
    const au = byId('audits');
    expect(au.chips.map((c) => `${c.label} ${c.count}`)).toEqual(['Conformity 1', 'Observation 1', 'Minor nonconformity 1']);
    const f = au.tables[1].rows[0].cells;
    expect(f[3].text).toBe('42001 A.10.3');
    expect(au.wide).toBe(true);
    expect(au.tables[1].nowrap).toEqual([3]);
    expect(f[4]).toEqual({ text: 'Access review (open)', link: { kind: 'nonconformity', id: 'nc1' }, tone: undefined });
  });

  it('says when a personal-data breach was reported to the ICO', () => {
    const inc = byId('incidents');
    expect(inc.chips).toEqual([{ label: 'Personal-data breach', count: 1 }]);
    expect(inc.tables[0].rows[0].cells[1].text).toBe('Personal-data breach · reported to the ICO 4 Mar 2026');
  });

  it('lists opportunities for improvement, the overdue ones marked', () => {
    const im = byId('improvements');
    expect(im.count).toBe(2);
    expect(im.note).toBe('2 improvements; 1 open, 1 past their target date.');
    expect(im.chips).toEqual([{ label: 'Overdue', count: 1, tone: 'late' }]);
    const [late, done] = im.tables[0].rows;
    expect(late.late).toBe(true);
    expect(late.cells[0].link).toEqual({ kind: 'improvement', id: 'im1' });
    expect(late.cells[4]).toEqual({ text: 'In progress · overdue', tone: 'late' });
    expect(done.cells.map((c) => c.text)).toEqual(['Single risk method', 'Management review', 'Björn', '31 May 2026', 'Done']);
    expect(im.tables[0].nowrap).toEqual([3]);
  });

  it('gives risks by level, treatment and over appetite', () => {
    const r = byId('risks');
    expect(r.note).toBe('On Fenmore method (5×5). Treatment chosen: Reduce 1 · Not yet chosen 1. 1 not yet scored.');
    expect(r.tables[0].rows.map((x) => x.cells.map((c) => c.text))).toEqual([
      ['Low', '0', '1'],
      ['Medium', '1', '0'],
      ['High', '1', '1'],
    ]);
    expect(r.tables[1].rows[0].cells[3]).toEqual({ text: '12 High', tone: 'late' });
  });
});

describe('add-action form', () => {
  it('sends trimmed fields, leaving empty ones out', () => {
    expect(actionFields({ title: '  Publish the AI policy ', owner: 'Zoë', due_date: '' })).toEqual({ title: 'Publish the AI policy', owner: 'Zoë' });
  });

  it('puts a field error beside its field, any other above the form', () => {
    expect(actionError(new ApiError('invalid', 'Action: required', 'title'))).toEqual({ field: 'title', message: 'Action: required' });
    expect(actionError(new ApiError('invalid', 'Review: no management review', 'review'))).toEqual({ field: '', message: 'Review: no management review' });
    expect(actionError(new ApiError('internal', 'internal error'))).toEqual({ field: '', message: 'internal error' });
  });
});
