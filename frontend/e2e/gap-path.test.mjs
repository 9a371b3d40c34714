// End-to-end: the gap analysis moves with the work. On an empty workspace, the guided start on
// Home (and hiding it), the principle starter set, the sidebar's path and folding groups; then
// the seven steps done one after the other, each moving the gap figure and its own step's
// count on the Plan screen, the first through the plan's pre-filled "next action" form; and a
// second implementation status refused. Screenshots in light and dark.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, idFromUrl, keelSuite, shot, toggleTheme } from './helpers.mjs';

describe('Gap analysis moves with the work, guided start', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];

  keelSuite(
    { identity: { name: 'Gale Gap', email: 'gale@example.com', role: 'AIMS lead' }, workspace: 'Empty start', viewport: { width: 1360, height: 900 } },
    (app) => ({ keel, page, errors } = app),
  );
  const setTheme = (name) => toggleTheme(page, name);
  const create = (kind, fields) => keel.call('CreateRecord', kind, fields);

  /** The Plan screen's figures: the overall percent and each step's covered count. */
  async function planFigures() {
    if (!(await page.getByTestId('plan-page').isVisible().catch(() => false))) {
      await page.getByTestId('sidebar-link-plan').click();
      await page.getByTestId('plan-page').waitFor();
    }
    await page.getByTestId('plan-summary').waitFor();
    const percent = Number(await page.getByTestId('plan-summary').getAttribute('data-percent'));
    const steps = page.getByTestId('plan-step');
    const covered = [];
    for (let i = 0; i < 7; i++) covered.push(Number(await steps.nth(i).getAttribute('data-covered')));
    return { percent, covered };
  }

  /** After `work`, the Plan screen shows a higher figure and step n's count moved. */
  async function stepMoves(n, work) {
    const before = await planFigures();
    await work();
    const after = await eventually(
      async () => {
        const f = await planFigures();
        return f.percent > before.percent && f.covered[n - 1] > before.covered[n - 1] ? f : null;
      },
      { message: `step ${n} moves the gap figure and its count`, timeout: 15_000 },
    );
    const api = await keel.call('GapAnalysis');
    assert.equal(api.coverage.totals[2].percent, after.percent, 'the screen shows the analysis figure');
    assert.equal(api.plan[n - 1].covered, after.covered[n - 1]);
    return after;
  }

  test('guided start on an empty workspace, the starter principles, hiding it', { timeout: 60_000 }, async () => {
    await page.getByTestId('home-page').waitFor();
    const guide = page.getByTestId('guide');
    await guide.waitFor();
    await eventually(async () => (await page.getByTestId('guide-gap').getAttribute('data-percent')) === '0', { message: '0% on an empty workspace' });
    assert.equal(await page.getByTestId('guide-steps').getAttribute('data-done'), '0');
    assert.equal(await page.getByTestId('guide-proofs').getAttribute('data-ready'), '0');
    assert.equal(await page.getByTestId('guide-stage').count(), 3);
    // The path sits at the top of the sidebar, above the groups.
    const path = await page.getByTestId('sidebar-path').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid));
    assert.deepEqual(path, ['sidebar-link-gap', 'sidebar-link-plan', 'sidebar-link-readiness']);
    const top = await page.getByTestId('sidebar-link-readiness').boundingBox();
    assert.ok(top && top.y < 300, `readiness link at y=${top?.y}, within the first screen`);
    await shot(page, 'gap-path-0-home-light');
    await setTheme('dark');
    await shot(page, 'gap-path-0-home-dark');
    await setTheme('light');

    // Starter principles: none chosen until ticked; the chosen ones become editable drafts.
    const boxes = page.getByTestId('guide-principle');
    await boxes.first().waitFor();
    assert.ok((await boxes.count()) >= 8, 'the starter set is offered');
    assert.ok(await page.getByTestId('guide-principles-add').isDisabled(), 'nothing is mandatory: nothing chosen yet');
    await page.locator('[data-testid="guide-principle"][data-name="Fairness"]').check();
    await page.locator('[data-testid="guide-principle"][data-name="Human oversight"]').check();
    await page.getByTestId('guide-principles-add').click();
    await eventually(async () => (await page.getByTestId('guide-principle-edit').count()) === 2, { message: 'two principles added' });
    const principles = await keel.call('ListRecords', { kind: 'ai_principle' });
    assert.deepEqual(principles.records.map((r) => r.fields.status).sort(), ['draft', 'draft']);

    await page.getByTestId('guide-hide').click();
    await page.getByTestId('guide-show').waitFor();
    await page.reload();
    await page.getByTestId('home-page').waitFor();
    await page.getByTestId('guide-show').waitFor();
    assert.equal(await guide.count(), 0, 'stays hidden');
    await page.getByTestId('guide-show').click();
    await guide.waitFor();
  });

  test('sidebar groups fold, remembered', { timeout: 30_000 }, async () => {
    const group = page.getByTestId('sidebar-group-Support');
    await page.getByTestId('sidebar-fold-Support').click();
    await eventually(async () => (await group.getAttribute('data-collapsed')) === 'true', { message: 'Support folded' });
    assert.equal(await group.locator('a:visible').count(), 0);
    await page.reload();
    await page.getByTestId('app-shell').waitFor();
    assert.equal(await page.getByTestId('sidebar-group-Support').getAttribute('data-collapsed'), 'true');
    await page.getByTestId('sidebar-fold-Support').click();
    await eventually(async () => (await group.getAttribute('data-collapsed')) === 'false', { message: 'Support open again' });
  });

  test('the seven steps, each moving the gap figure and its count', { timeout: 180_000 }, async () => {
    const start = await planFigures();
    assert.equal(start.percent, 0);
    assert.deepEqual(start.covered, [0, 0, 0, 0, 0, 0, 0]);
    await shot(page, 'gap-path-1-plan-empty-light');

    // Step 1 through the plan: the roles item's next action opens a pre-filled role form.
    await stepMoves(1, async () => {
      const item = page.locator('[data-testid="plan-item"][data-item="5.3"]');
      await item.getByTestId('plan-next').click();
      await page.getByTestId('record-form').waitFor();
      assert.match(page.url(), /#\/k\/role\/new$/);
      assert.equal(await page.getByTestId('record-form').getByTestId('field-role').inputValue(), 'AI governance owner');
      assert.ok(await page.getByTestId('record-form').getByTestId('field-ai_governance_owner').isChecked(), 'the flag is set');
      await page.getByTestId('record-form').getByTestId('field-person').fill('Gale Gap');
      await page.getByTestId('form-save').click();
      await eventually(() => idFromUrl(page.url()), { message: 'the role saved' });
      await create('role', { role: 'AI use-case approver', person: 'Bo', ai_use_case_approver: true, lens: ['ai'] });
      await create('role', { role: 'AI override authority', person: 'Cy', may_override_ai: true, lens: ['ai'] });
      await create('policy', { title: 'AI policy', lens: ['ai'], owner: 'Gale Gap', status: 'approved', approved_by: 'Gale Gap', review_date: '2027-06-30' });
      await create('scope_statement', { title: 'IMS scope', status: 'approved', aims_boundary: 'Credit decisions', isms_boundary: 'All of IT' });
    });
    // After the role: the next action of 5.3 is the next role still to name.
    const next53 = await keel.call('GapAnalysis');
    assert.equal(next53.items.find((i) => i.id === '5.3').result, 'done');

    await stepMoves(2, async () => {
      await create('risk_method', { title: 'Risk method', likelihood_levels: 5, impact_levels: 5, criteria: 'Harm to people, bias, misuse', appetite_ai: 6 });
      await create('risk', { title: 'Biased credit scores', lens: ['ai'], owner: 'Gale Gap', inherent_likelihood: 3, inherent_impact: 4, ai_category: ['bias and fairness'],
        treatment: 'reduce', treatment_plan: 'Bias tests each release', controls: 'iso42001-2023:A.6.2.4' });
    });
    let sys;
    await stepMoves(3, async () => {
      sys = await create('ai_system', { name: 'Credit scorer', provenance: 'internal', stage: 'design and development', owner: 'Gale Gap',
        purpose: 'Score applications', intended_use: 'Consumer credit', decision_impact: 'high', data_inputs: 'Bureau data', data_outputs: 'A score',
        oversight_model: 'human in the loop', change_monitoring: 'Monthly drift review', model_type: 'Gradient boosting', deployment: 'UK cloud',
        users: 'Underwriters', use_case_approver: 'Bo' });
    });
    await stepMoves(4, async () => {
      const risks = await keel.call('ListRecords', { kind: 'risk' });
      await keel.call('UpdateRecord', 'risk', risks.records[0].id, { ai_systems: [sys.id], review_date: '2027-01-31', residual_likelihood: 2, residual_impact: 3 });
      await create('document', { title: 'AI development procedure', lens: ['ai'], type: 'procedure', status: 'approved', owner: 'Gale Gap' });
    });
    await stepMoves(5, async () => {
      await create('training', { course: 'AI oversight', person: 'Bo', lens: ['ai'], status: 'completed' });
      await create('communication', { what: 'AI concerns', when: 'Any time', with_whom: 'Staff', who: 'Gale Gap', how: 'Ethics inbox', direction: 'internal', lens: ['ai'] });
    });
    await stepMoves(6, async () => {
      await create('resource', { name: 'Bureau data', type: 'data', lens: ['ai'], description: 'Licensed from the bureau, prepared weekly', owner: 'Gale Gap',
        adequate: true, review_date: '2027-03-31' });
    });
    await stepMoves(7, async () => {
      await create('audit', { title: 'AIMS audit', standards: ['ISO/IEC 42001'], status: 'reported', lead_auditor: 'Ida', scope: 'AIMS', criteria: 'iso42001-2023:9.2.2',
        planned_start: '2026-10-01' });
      await create('management_review', { title: 'Review 2026', meeting_date: '2026-11-01', status: 'held', standards: ['ISO/IEC 42001'], chair: 'CEO',
        attendees: 'Board', period_from: '2026-01-01', period_to: '2026-10-31', decisions: 'Fund monitoring' });
    });
    await shot(page, 'gap-path-2-plan-after-light');
    await setTheme('dark');
    await shot(page, 'gap-path-2-plan-after-dark');
    await setTheme('light');

    // The gap screen, readiness and the analysis give the same figures.
    const a = await keel.call('GapAnalysis');
    await page.getByTestId('sidebar-link-gap').click();
    await page.getByTestId('gap-page').waitFor();
    await eventually(async () => Number(await page.getByTestId('gap-total-all').getAttribute('data-percent')) === a.coverage.totals[2].percent, {
      message: 'the gap screen shows the same figure',
    });
    await page.getByTestId('coverage-trend').waitFor();
    assert.equal(await page.getByTestId('coverage-trend').getAttribute('data-points'), '1', 'this month, the workspace started today');
    await shot(page, 'gap-path-3-gap-light');
    await page.getByTestId('sidebar-link-readiness').click();
    await page.getByTestId('readiness-page').waitFor();
    const cards = page.getByTestId('readiness-proof');
    await eventually(async () => (await cards.count()) === 4, { message: 'four proofs' });
    for (let i = 0; i < 4; i++) {
      assert.equal(Number(await cards.nth(i).getAttribute('data-percent')), a.readiness[i].percent, `proof ${i + 1} figure`);
    }
    await shot(page, 'gap-path-4-readiness-light');
  });

  test('a second implementation status for an item is refused, naming the first', { timeout: 60_000 }, async () => {
    const first = await create('control_status', { item: 'iso42001-2023:A.6.2.6', status: 'planned' });
    await page.evaluate(() => (location.hash = '#/k/control_status/new'));
    const form = page.getByTestId('record-form');
    await form.waitFor();
    await form.getByTestId('field-item').fill('iso42001-2023:A.6.2.6');
    await form.getByTestId('field-status').selectOption('implemented');
    await page.getByTestId('form-save').click();
    const err = form.getByTestId('field-error-item');
    await err.waitFor();
    assert.match(await err.innerText(), /already has an implementation status/);
    assert.match(await err.innerText(), new RegExp(first.id));
    await shot(page, 'gap-path-5-duplicate-light');
    const statuses = await keel.call('ListRecords', { kind: 'control_status', filters: { item: 'iso42001-2023:A.6.2.6' } });
    assert.equal(statuses.total, 1, 'nothing written');
    // The message opens the status the item already has.
    await form.getByTestId('field-error-open').click();
    await eventually(async () => idFromUrl(page.url()) === first.id, { message: 'the existing status opens' });
  });

  test('no page errors', () => {
    assert.deepEqual(errors, []);
  });
});
