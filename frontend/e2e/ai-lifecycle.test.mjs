// End-to-end: the AI system lifecycle of issue 5 through the UI, against the real backend in
// headless Chromium. In a fresh workspace: add a third-party AI system with its supplier,
// assess it (a linked risk, an impact assessment approved), hit the stage gate (refused
// inline, nothing written), pass it, move one stage at a time (a skipped stage is refused),
// record the DPIA joined to the impact assessment, and see the readiness counts move. Then
// bad input to the risk register, and the AI inventory and heat map on the demo workspace,
// light and dark. The HTTP API is used only to set up identity and workspaces and to check
// what was stored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, idFromUrl, keelSuite, openWorkspace, recordSteps, shot, toggleTheme } from './helpers.mjs';

const PERSON = { name: 'Priya Patel', email: 'priya@example.com', role: 'AI governance lead' };
const AI = 'Vendorly claims triage';
const SUPPLIER = 'Vendorly Ltd';

describe('AI system lifecycle, stage gate, DPIA and readiness', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];
  const ids = {}; // what the flow created, by name

  keelSuite({ identity: PERSON, workspace: 'AI lifecycle', viewport: { width: 1360, height: 900 } }, (app) => ({ keel, page, errors } = app));

  const { form, field, newRecord, link, saveNew, openRecord } = recordSteps(() => page, () => keel);
  const fieldError = (name) => form().getByTestId(`field-error-${name}`);
  const setTheme = (name) => toggleTheme(page, name);

  /** Saves an edit and waits until the backend holds the expected value. */
  async function saveEdit(kind, id, fieldName, expected) {
    await page.getByTestId('form-save').click();
    await eventually(async () => JSON.stringify((await keel.call('GetRecord', kind, id)).fields[fieldName]) === JSON.stringify(expected), {
      message: `${kind}.${fieldName} saved`,
    });
    await eventually(async () => await page.getByTestId('form-save').isDisabled(), { message: 'the form is clean after saving' });
  }

  async function historyCount() {
    await page.getByTestId('detail-tab-history').click();
    await page.getByTestId('history-panel').waitFor();
    await page.getByTestId('history-entry').first().waitFor();
    const n = await page.getByTestId('history-entry').count();
    await page.getByTestId('detail-tab-details').click();
    await form().waitFor();
    return n;
  }

  /** The readiness screen's count lines, by proof number (1–4). */
  async function readinessOnScreen() {
    await page.getByTestId('sidebar-link-readiness').click();
    await page.getByTestId('readiness-page').waitFor();
    const cards = page.getByTestId('readiness-proof');
    await eventually(async () => (await cards.count()) === 4, { message: 'four proofs' });
    const out = {};
    for (let i = 0; i < 4; i++) out[i + 1] = await cards.nth(i).getByTestId('readiness-count').allInnerTexts();
    return out;
  }
  const countLine = (lines, what) => lines.find((l) => l.includes(what))?.replace(/^[✓○]\s*/, '') ?? '';

  let before1;
  test('empty AI inventory says what to do; readiness starts at nothing', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-ai').click();
    await page.getByTestId('ai-inventory-page').waitFor();
    assert.equal(await page.getByTestId('sidebar-link-ai').getAttribute('aria-current'), 'page');
    const empty = page.getByTestId('ai-empty');
    await empty.waitFor();
    assert.match(await empty.innerText(), /No AI systems recorded yet/);
    assert.match(await empty.innerText(), /owner and lifecycle stage/);
    await shot(page, 'ai-inventory-0-empty-light');
    // The AI inventory is listed above the AI systems register in the AI group.
    const group = page.getByTestId('sidebar-group-AI');
    const order = await group.locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid));
    assert.ok(order.indexOf('sidebar-link-ai') < order.indexOf('sidebar-kind-ai_system'), `order: ${order}`);

    before1 = await readinessOnScreen();
    assert.equal(countLine(before1[1], 'AI systems have an owner'), '0 of 0 AI systems have an owner and an impact assessment');
  });

  test('add a third-party AI system with its supplier; a skipped stage is refused', { timeout: 90_000 }, async () => {
    await newRecord('supplier');
    await field('name').fill(SUPPLIER);
    ids.supplier = await saveNew('supplier');

    // From the empty inventory's call to action.
    await page.getByTestId('sidebar-link-ai').click();
    await page.getByTestId('ai-empty-new').click();
    await eventually(async () => /#\/k\/ai_system\/new$/.test(page.url()), { message: 'new AI system form' });
    await form().waitFor();
    await field('name').fill(AI);
    await field('provenance').selectOption('third-party');
    await field('stage').selectOption('design and development');
    await field('owner').fill(PERSON.name);
    await field('decision_impact').selectOption('high');
    await field('purpose').fill('Sorts incoming insurance claims by urgency and routes them to a handler.');
    await field('personal_data').check();
    await link('supplier', SUPPLIER);
    ids.ai = await saveNew('ai_system');
    const stored = await keel.call('GetRecord', 'ai_system', ids.ai);
    assert.equal(stored.fields.supplier, ids.supplier);
    assert.equal(stored.fields.provenance, 'third-party');

    // Straight from design to deployment skips verification: refused in place, nothing written.
    const n0 = await historyCount();
    await field('stage').selectOption('deployment');
    await page.getByTestId('form-save').click();
    const err = fieldError('stage');
    await err.waitFor();
    assert.match(await err.innerText(), /cannot go straight to "deployment"; it skips "verification and validation"/);
    assert.equal(await field('stage').getAttribute('aria-invalid'), 'true');
    await shot(page, 'ai-lifecycle-1-skip-refused');
    assert.equal((await keel.call('GetRecord', 'ai_system', ids.ai)).fields.stage, 'design and development');
    assert.equal(await historyCount(), n0, 'the refused save wrote no history');

    // One step forward is fine before the gate.
    await field('stage').selectOption('verification and validation');
    await saveEdit('ai_system', ids.ai, 'stage', 'verification and validation');
  });

  test('assess it: a linked risk and an impact assessment, approved', { timeout: 90_000 }, async () => {
    await newRecord('risk');
    await field('title').fill('Urgent claims misrouted by the triage model');
    await field('lens').locator('input[value="ai"]').check();
    await field('ai_category').locator('input[value="robustness"]').check();
    await field('inherent_likelihood').fill('3');
    await field('inherent_impact').fill('4');
    await field('treatment').selectOption('reduce');
    await field('controls').fill('iso42001-2023:A.6.2.4');
    await field('owner').fill(PERSON.name);
    await link('ai_systems', AI);
    ids.risk = await saveNew('risk');

    await newRecord('impact_assessment');
    await field('title').fill('Claims triage impact assessment v1');
    await link('ai_system', AI);
    await field('version').fill('1');
    await field('status').selectOption('draft');
    await field('individuals').fill('A claimant with an urgent claim could wait longer than they should.');
    await field('severity').selectOption({ index: 2 });
    await link('risks', 'Urgent claims misrouted');
    ids.ia = await saveNew('impact_assessment');

    // Approved needs who and when: the server names the field.
    await field('status').selectOption('approved');
    await page.getByTestId('form-save').click();
    await fieldError('approved_by').waitFor();
    assert.match(await fieldError('approved_by').innerText(), /Approved by: name who approved/);
    assert.equal((await keel.call('GetRecord', 'impact_assessment', ids.ia)).fields.status, 'draft');
    await field('approved_by').fill(PERSON.name);
    await field('approved_on').fill('2026-11-20');
    await saveEdit('impact_assessment', ids.ia, 'status', 'approved');
  });

  test('the stage gate: refused inline without approval, nothing saved; passed with it', { timeout: 90_000 }, async () => {
    await openRecord('ai_system', ids.ai);
    // The gate reads the system's own links: the risk and the current impact assessment.
    await link('risks', 'Urgent claims misrouted');
    await link('impact_assessment', 'Claims triage impact assessment v1');
    await saveEdit('ai_system', ids.ai, 'impact_assessment', ids.ia);

    const n0 = await historyCount();
    const beforeRec = await keel.call('GetRecord', 'ai_system', ids.ai);
    await field('stage').selectOption('deployment');
    await page.getByTestId('form-save').click();
    const err = fieldError('gate_approved_by');
    await err.waitFor();
    const msg = await err.innerText();
    assert.match(msg, /Cannot move to "deployment" without passing the stage gate/);
    assert.match(msg, /Stage gate approved by/);
    assert.match(msg, /Or record a justified override/);
    // The named field, further down the form, gets the focus so the message is seen.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'field-gate_approved_by');
    await shot(page, 'ai-lifecycle-2-gate-refused');
    const afterRec = await keel.call('GetRecord', 'ai_system', ids.ai);
    assert.equal(afterRec.fields.stage, 'verification and validation');
    assert.equal(afterRec.updatedAt, beforeRec.updatedAt, 'the record was not written');
    assert.equal(await historyCount(), n0, 'History is unchanged');

    // The inventory shows the gate blocked and says what is missing.
    await page.getByTestId('sidebar-link-ai').click();
    const card = page.getByTestId('ai-system-card').filter({ hasText: AI });
    await card.waitFor();
    assert.equal(await card.getAttribute('data-gate'), 'blocked');
    assert.match(await card.getByTestId('ai-gate').innerText(), /stage-gate approval/);
    assert.doesNotMatch(await card.getByTestId('ai-gate').innerText(), /impact assessment|risk/);

    // Satisfy the gate: the approval, with the move to deployment.
    await openRecord('ai_system', ids.ai);
    await field('gate_approved_by').fill('Tom Okafor');
    await field('gate_approved_on').fill('2026-11-24');
    await field('gate_evidence').fill('Validation report VR-12: routing accuracy 96% on 2,000 held-out claims.');
    await field('stage').selectOption('deployment');
    await saveEdit('ai_system', ids.ai, 'stage', 'deployment');
    assert.equal(await fieldError('gate_approved_by').count(), 0);

    // Then one stage more, on its own approval (issue 19: each transition has its own).
    await field('gate_approved_on').fill('2026-12-01');
    await field('stage').selectOption('operation and monitoring');
    await saveEdit('ai_system', ids.ai, 'stage', 'operation and monitoring');
  });

  let beforeDPIA;
  test('record the DPIA, joined to the impact assessment and a processing activity; readiness moves', { timeout: 120_000 }, async () => {
    beforeDPIA = await readinessOnScreen();
    assert.equal(countLine(beforeDPIA[1], 'AI systems have an owner'), '1 of 1 AI systems have an owner and an impact assessment');
    assert.equal(countLine(beforeDPIA[1], 'third-party'), '1 of 1 third-party AI systems are linked to their supplier');
    assert.equal(countLine(beforeDPIA[3], 'stage gate'), '1 of 1 live AI systems passed their stage gate');
    assert.equal(countLine(beforeDPIA[4], 'record of processing'), '0 of 1 AI systems that process personal data are in the record of processing');

    await newRecord('processing_activity');
    await field('name').fill('Claims handling');
    await field('purposes').fill('Assess and settle insurance claims.');
    await field('lawful_basis').selectOption('contract');
    await field('dpia_needed').selectOption('yes');
    ids.pa = await saveNew('processing_activity');

    await openRecord('ai_system', ids.ai);
    await link('processing_activity', 'Claims handling');
    await saveEdit('ai_system', ids.ai, 'processing_activity', ids.pa);

    let mid = await readinessOnScreen();
    assert.equal(countLine(mid[4], 'record of processing'), '1 of 1 AI systems that process personal data are in the record of processing');
    assert.equal(countLine(mid[4], 'need a DPIA'), '0 of 1 processing activities that need a DPIA have one');

    await newRecord('dpia');
    await field('title').fill('Claims triage DPIA');
    await link('processing_activity', 'Claims handling');
    await field('screening').locator('input[value="AI or machine learning"]').check();
    await field('required').selectOption('yes');
    await field('residual_risk').selectOption('low');
    await field('outcome').selectOption('proceed with measures');
    await link('impact_assessment', 'Claims triage impact assessment v1');
    ids.dpia = await saveNew('dpia');
    const dp = await keel.call('GetRecord', 'dpia', ids.dpia);
    assert.equal(dp.fields.impact_assessment, ids.ia);
    assert.equal(dp.fields.processing_activity, ids.pa);

    const after = await readinessOnScreen();
    assert.equal(countLine(after[4], 'need a DPIA'), '1 of 1 processing activities that need a DPIA have one');
    assert.equal(countLine(after[4], 'DPIAs of AI processing'), '1 of 1 DPIAs of AI processing are joined to an AI impact assessment');
    assert.notDeepEqual(after[4], before1[4], 'proof 4 moved');
    // What the screen shows is what the service counts.
    const proofs = await keel.call('Readiness');
    for (const p of proofs) assert.deepEqual(after[p.number].map((l) => l.replace(/^[✓○]\s*/, '')), p.counts.map((c) => c.text));
    await shot(page, 'ai-lifecycle-3-readiness');
  });

  test('the AI inventory shows the system; each piece opens its record, by keyboard too', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-ai').click();
    const card = page.getByTestId('ai-system-card').filter({ hasText: AI });
    await card.waitFor();
    assert.equal(await card.getAttribute('data-stage'), 'operation and monitoring');
    assert.equal(await card.getAttribute('data-gate'), 'approved');
    assert.equal(await card.locator('[aria-current="step"]').innerText().then((t) => t.replace(/\s+/g, ' ').trim()), '4 Operation & monitoring');
    assert.equal(await card.getByTestId('ai-owner').innerText(), PERSON.name);
    assert.equal(await card.getByTestId('ai-provenance').innerText(), 'third-party');
    assert.equal(await card.getByTestId('ai-impact').innerText(), 'high impact');
    assert.equal(await card.getByTestId('ai-assessment-status').innerText(), 'approved');
    assert.match(await card.getByTestId('ai-monitoring').innerText(), /live, nothing recorded/);
    await shot(page, 'ai-inventory-1-flow-light');

    // Supplier, processing activity, impact assessment: each opens its record.
    for (const [testid, kind, id] of [
      ['ai-supplier', 'supplier', ids.supplier],
      ['ai-processing', 'processing_activity', ids.pa],
      ['ai-assessment', 'impact_assessment', ids.ia],
    ]) {
      await page.getByTestId('sidebar-link-ai').click();
      await page.getByTestId('ai-system-card').filter({ hasText: AI }).getByTestId(testid).click();
      await eventually(async () => idFromUrl(page.url()) === id && page.url().includes(`#/k/${kind}/`), { message: `${testid} opens` });
      await form().waitFor();
    }

    // Keyboard: Tab reaches the system's name, Enter opens it.
    await page.getByTestId('sidebar-link-ai').click();
    const name = page.getByTestId('ai-system-card').filter({ hasText: AI }).getByTestId('ai-system-name');
    await name.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'ai-system-name');
    await page.keyboard.press('Enter');
    await eventually(async () => idFromUrl(page.url()) === ids.ai, { message: 'Enter opens the AI system' });
  });

  test('bad input to the risk register: a score outside the scale, an owner missing → inline, nothing written', { timeout: 60_000 }, async () => {
    const total0 = (await keel.call('ListRecords', { kind: 'risk' })).total;
    await newRecord('risk');
    await field('title').fill('Prompt injection through claim attachments');
    await field('lens').locator('input[value="security"]').check();
    await field('inherent_likelihood').fill('3');
    await field('inherent_impact').fill('3');

    // No owner: asked for in place, nothing sent.
    await page.getByTestId('form-save').click();
    const ownerErr = fieldError('owner');
    await ownerErr.waitFor();
    assert.match(await ownerErr.innerText(), /Owner is required/);
    assert.equal(await field('owner').getAttribute('aria-invalid'), 'true');
    await shot(page, 'ai-lifecycle-4-owner-missing');
    assert.equal((await keel.call('ListRecords', { kind: 'risk' })).total, total0, 'nothing written');

    // Owner given, likelihood 7 on a 5-point scale: the server names the field and the scale.
    await field('owner').fill(PERSON.name);
    await ownerErr.waitFor({ state: 'detached' });
    await field('inherent_likelihood').fill('7');
    await page.getByTestId('form-save').click();
    const scoreErr = fieldError('inherent_likelihood');
    await scoreErr.waitFor();
    assert.match(await scoreErr.innerText(), /whole number from 1 to 5 on the risk method's scale; 7 is outside it/);
    assert.equal(await field('inherent_likelihood').getAttribute('aria-invalid'), 'true');
    await shot(page, 'ai-lifecycle-5-score-outside');
    assert.equal((await keel.call('ListRecords', { kind: 'risk' })).total, total0, 'nothing written');
    assert.match(page.url(), /#\/k\/risk\/new$/);
    await field('inherent_likelihood').fill('2');

    // A residual likelihood without its impact is named too.
    await field('owner').fill(PERSON.name);
    await field('residual_likelihood').fill('1');
    await page.getByTestId('form-save').click();
    await fieldError('residual_impact').waitFor();
    assert.match(await fieldError('residual_impact').innerText(), /residual score takes both likelihood and impact/);
    assert.equal(await fieldError('inherent_likelihood').count(), 0, 'the fixed score no longer shows its error');
    assert.equal((await keel.call('ListRecords', { kind: 'risk' })).total, total0, 'nothing written');
    await form().getByTestId('form-cancel').click();
  });

  test('demo workspace: AI inventory and heat map with data, light and dark', { timeout: 90_000 }, async () => {
    await openWorkspace(keel, page, 'Fenmore demo', true);

    await page.getByTestId('sidebar-link-ai').click();
    await page.getByTestId('ai-inventory-page').waitFor();
    const systems = (await keel.call('ListRecords', { kind: 'ai_system' })).records;
    const cards = page.getByTestId('ai-system-card');
    await eventually(async () => (await cards.count()) === systems.length, { message: 'one card per AI system' });
    assert.ok(systems.length >= 4);
    const mon = await keel.call('Monitoring', '');
    const gates = await cards.evaluateAll((els) => els.map((e) => e.dataset.gate));
    assert.ok(gates.includes('approved'), `a system through its gate: ${gates}`);
    assert.ok(gates.includes('override'), `a system live on an override: ${gates}`);
    // The breached system shows its latest breach, which opens the monitoring record.
    const breached = mon.breaches[0];
    assert.ok(breached, 'the demo has a breach');
    const bcard = page.locator(`[data-testid="ai-system-card"][data-id="${breached.aiSystem}"]`);
    assert.match(await bcard.getByTestId('ai-breach').innerText(), new RegExp(breached.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await shot(page, 'ai-inventory-2-demo-light');
    await setTheme('dark');
    await shot(page, 'ai-inventory-3-demo-dark');
    await bcard.scrollIntoViewIfNeeded();
    await setTheme('light');
    await bcard.getByTestId('ai-breach').click();
    await eventually(async () => idFromUrl(page.url()) === breached.id, { message: 'the breach opens' });

    await page.getByTestId('sidebar-link-heatmap').click();
    await page.getByTestId('heatmap-page').waitFor();
    const map = await keel.call('HeatMap', '', true);
    assert.ok(map.total > 0);
    await eventually(
      async () => (await page.getByTestId('heat-cell').evaluateAll((els) => els.reduce((n, el) => n + Number(el.dataset.count), 0))) === map.total,
      { message: 'the heat map counts' },
    );
    await shot(page, 'ai-heatmap-1-demo-light');
    await setTheme('dark');
    await shot(page, 'ai-heatmap-2-demo-dark');
    await setTheme('light');

    // 800 px: the inventory does not scroll sideways.
    await page.setViewportSize({ width: 800, height: 700 });
    await page.getByTestId('sidebar-link-ai').click();
    await cards.first().waitFor();
    await page.waitForTimeout(200);
    const overflow = await page.getByTestId('ai-inventory-page').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrollbar (overflow ${overflow}px)`);
    await shot(page, 'ai-inventory-4-800px');
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(errors, []);
  });
});
