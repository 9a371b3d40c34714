// End-to-end: stage gates per stage (issue 19), from the user's side, against the real
// backend in headless Chromium. In a fresh workspace with an AI system in validation, a risk
// and an approved impact assessment that names the system but is not linked from it (set up
// through the API): record the approval of deployment as a stage approval and move; the
// assessment counts without a link back; the inventory ticks only deployment. Moving on to
// operation on the same approval is refused, nothing written; its own approval lets it move,
// and the inventory ticks both. Then the demo: an override is marked apart, light and dark.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, keelSuite, openWorkspace, recordSteps, shot, toggleTheme } from './helpers.mjs';

const PERSON = { name: 'Priya Patel', email: 'priya@example.com', role: 'AI governance lead' };
const AI = 'Claims routing model';

describe('Stage gates per stage: each transition its own approval', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];
  const ids = {};

  keelSuite(
    {
      identity: PERSON,
      workspace: 'Gates',
      viewport: { width: 1360, height: 900 },
      setup: async (k) => {
        const sys = await k.call('CreateRecord', 'ai_system', { name: AI, provenance: 'internal', stage: 'verification and validation', owner: PERSON.name });
        const risk = await k.call('CreateRecord', 'risk', {
          title: 'Urgent claims routed late', lens: ['ai'], inherent_likelihood: 3, inherent_impact: 3, owner: PERSON.name, ai_systems: [sys.id],
        });
        // The assessment names the system; the system does not link it back.
        await k.call('CreateRecord', 'impact_assessment', {
          title: 'Claims routing IA v1', ai_system: sys.id, version: 1, status: 'approved', approved_by: PERSON.name, approved_on: '2026-11-20',
        });
        await k.call('UpdateRecord', 'ai_system', sys.id, { risks: [risk.id] });
        ids.sys = sys.id;
      },
    },
    (app) => ({ keel, page, errors } = app),
  );

  const { form, field, newRecord, link, saveNew, openRecord } = recordSteps(() => page, () => keel);
  const opsCount = async () => (await keel.call('RecentChanges', 1000)).length;
  const stage = async () => (await keel.call('GetRecord', 'ai_system', ids.sys)).fields.stage;

  async function openInventory() {
    await page.getByTestId('sidebar-link-ai').click();
    await page.getByTestId('ai-inventory-page').waitFor();
  }
  /** The stepper's marks of a system's card, stage by stage. */
  async function marks(name) {
    const card = page.getByTestId('ai-system-card').filter({ hasText: name });
    await card.waitFor();
    return card.getByTestId('ai-step').evaluateAll((els) => els.map((e) => e.dataset.mark));
  }
  async function approve(stageName, by, on, evidence) {
    await newRecord('stage_approval');
    await field('title').fill(`${AI} into ${stageName}`);
    await link('ai_system', AI);
    await field('stage').selectOption(stageName);
    await field('approved_by').fill(by);
    await field('approved_on').fill(on);
    await field('evidence').fill(evidence);
    return saveNew('stage_approval');
  }
  async function moveTo(stageName) {
    await openRecord('ai_system', ids.sys);
    await field('stage').selectOption(stageName);
    await page.getByTestId('form-save').click();
  }

  test('the approval of deployment, recorded on its own, lets the system go live; the assessment counts without a link back', { timeout: 90_000 }, async () => {
    ids.deploy = await approve('deployment', 'Tom Okafor', '2026-11-24', 'Validation report v2; routing accuracy 96% on the holdout set.');
    await moveTo('deployment');
    await eventually(async () => (await stage()) === 'deployment', { message: 'the system deployed' });
    assert.equal(await page.getByTestId('form-error').count(), 0);
    const sys = await keel.call('GetRecord', 'ai_system', ids.sys);
    assert.ok(!sys.fields.impact_assessment, 'the system never linked its assessment');

    await openInventory();
    const card = page.getByTestId('ai-system-card').filter({ hasText: AI });
    await eventually(async () => (await card.getAttribute('data-gate')) === 'approved', { message: 'gate approved' });
    assert.match(await card.getByTestId('ai-gate-by').innerText(), /approved by Tom Okafor on 2026-11-24/);
    // The assessment that names the system shows on its card, as the gate counted it.
    assert.equal(await card.getByTestId('ai-assessment-status').innerText(), 'approved');
    // Only deployment was passed with an approval of its own: design and validation get no tick.
    assert.deepEqual(await marks(AI), ['none', 'none', 'approved', 'ahead', 'ahead']);
    const dots = await card.getByTestId('ai-step').locator('.dot').allInnerTexts();
    assert.deepEqual(dots.slice(0, 3), ['1', '2', '3'], 'no tick for a stage passed without its approval');
    await card.getByTestId('ai-stepper').scrollIntoViewIfNeeded();
    await shot(page, 'gates-1-deployment-approved');
  });

  test('moving on to operation on the deployment approval is refused; nothing written', { timeout: 60_000 }, async () => {
    const before = await opsCount();
    await moveTo('operation and monitoring');
    // Said at the field the new approval goes in.
    const err = form().getByTestId('field-error-gate_approved_on');
    await err.waitFor();
    assert.match(await err.innerText(), /each stage gate needs its own approval/);
    assert.equal(await stage(), 'deployment');
    assert.equal(await opsCount(), before, 'a refused move writes nothing');
    await err.scrollIntoViewIfNeeded();
    await shot(page, 'gates-2-operation-refused');
  });

  test('its own approval lets it move; the inventory ticks both live stages', { timeout: 90_000 }, async () => {
    ids.operate = await approve('operation and monitoring', 'Ann Lee', '2026-12-01', 'Four weeks of readings within thresholds; release board minutes.');
    await moveTo('operation and monitoring');
    await eventually(async () => (await stage()) === 'operation and monitoring', { message: 'in operation' });
    await openInventory();
    assert.deepEqual(await marks(AI), ['none', 'none', 'approved', 'approved', 'ahead']);
    const dots = await page.getByTestId('ai-system-card').filter({ hasText: AI }).getByTestId('ai-step').locator('.dot').allInnerTexts();
    assert.deepEqual(dots.slice(0, 4), ['1', '2', '✓', '4'], 'deployment ticked once passed with its approval');
    const approvals = await keel.call('ListRecords', { kind: 'stage_approval' });
    assert.equal(approvals.total, 2, 'two approvals, one per transition');
    await page.getByTestId('ai-system-card').filter({ hasText: AI }).scrollIntoViewIfNeeded();
    await shot(page, 'gates-3-operation-approved');
  });

  test('the demo: approvals ticked, the pilot’s override marked apart, light and dark', { timeout: 90_000 }, async () => {
    await openWorkspace(keel, page, 'Fenmore demo', true);
    await openInventory();
    assert.deepEqual(await marks('Credit-decision model v4'), ['none', 'approved', 'approved', 'approved', 'ahead']);
    assert.deepEqual(await marks('Customer chatbot'), ['approved', 'approved', 'override', 'ahead', 'ahead']);
    const chatbot = page.getByTestId('ai-system-card').filter({ hasText: 'Customer chatbot' });
    assert.match(await chatbot.locator('[data-mark="override"]').getAttribute('title'), /deployment: current, on an override/);
    const credit = page.getByTestId('ai-system-card').filter({ hasText: 'Credit-decision model v4' });
    assert.deepEqual(await credit.getByTestId('ai-step').locator('.dot').allInnerTexts(), ['1', '✓', '✓', '4', '5']);
    await chatbot.scrollIntoViewIfNeeded();
    await shot(page, 'gates-4-demo-light');
    await toggleTheme(page, 'dark');
    await shot(page, 'gates-5-demo-dark');
    await toggleTheme(page, 'light');
    assert.deepEqual(errors, []);
  });
});
