// End-to-end: the responsible-AI principles of issue 21 through the UI, against the real
// backend in headless Chromium. In a fresh workspace with an AI system ready for its
// deployment gate (set up through the API): the AI inventory offers the starter set; add a
// principle of our own, approved, weighed at deployment; the gate is refused naming it,
// nothing written; weigh it (a principle review), pass the gate; see it on the system's card
// and in the principle's row; make the AI inventory pack and find it there. Then the demo's
// principles, light and dark.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { eventually, idFromUrl, keelSuite, openWorkspace, recordSteps, shot, toggleTheme } from './helpers.mjs';

const PERSON = { name: 'Priya Patel', email: 'priya@example.com', role: 'AI governance lead' };
const AI = 'Claims triage model';
const PRINCIPLE = 'Claimant dignity';
const NOTE = 'Routing explanations reviewed with two claimant panels before release.';

describe('Responsible-AI principles: declared, weighed at the gate, seen on the system and in the pack', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];
  const ids = {};

  keelSuite(
    {
      identity: PERSON,
      workspace: 'Principles',
      viewport: { width: 1360, height: 900 },
      // An AI system with everything its deployment gate needs but the principles.
      setup: async (k) => {
        const sys = await k.call('CreateRecord', 'ai_system', { name: AI, provenance: 'internal', stage: 'verification and validation', owner: PERSON.name });
        const risk = await k.call('CreateRecord', 'risk', {
          title: 'Urgent claims misrouted', lens: ['ai'], inherent_likelihood: 3, inherent_impact: 3, owner: PERSON.name, ai_systems: [sys.id],
        });
        const ia = await k.call('CreateRecord', 'impact_assessment', {
          title: 'Claims triage IA v1', ai_system: sys.id, version: 1, status: 'approved', approved_by: PERSON.name, approved_on: '2026-11-20',
        });
        await k.call('UpdateRecord', 'ai_system', sys.id, { risks: [risk.id], impact_assessment: ia.id });
        ids.sys = sys.id;
      },
    },
    (app) => ({ keel, page, errors } = app),
  );

  const { form, field, newRecord, link, saveNew, openRecord } = recordSteps(() => page, () => keel);
  const opsCount = async () => (await keel.call('RecentChanges', 1000)).length;

  async function openInventory() {
    await page.getByTestId('sidebar-link-ai').click();
    await page.getByTestId('ai-inventory-page').waitFor();
    await page.getByTestId('ai-principles').waitFor();
  }

  test('the AI inventory offers the starter set, in Keel’s words', { timeout: 60_000 }, async () => {
    await openInventory();
    const starter = page.getByTestId('ai-principle-starter');
    await starter.waitFor();
    const names = await starter.locator('label').allInnerTexts();
    assert.ok(names.map((n) => n.trim()).includes('Fairness') && names.length >= 8, `starter set: ${names}`);
    assert.match(await page.getByTestId('ai-principle-add-starter').innerText(), /Add 8 as drafts/);
    await shot(page, 'principles-1-starter');
  });

  test('add a principle of our own, approved, weighed at the deployment gate', { timeout: 60_000 }, async () => {
    await page.getByTestId('ai-principle-new').click();
    await form().waitFor();
    await field('name').fill(PRINCIPLE);
    await field('meaning').fill('People making a claim are treated as people in difficulty, not as cases: plain words, a person on request.');
    await field('status').selectOption('approved');
    await field('approved_by').fill(PERSON.name);
    await field('approved_on').fill('2026-11-21');
    await field('stages').locator('input[value="deployment"]').check();
    await field('serves').fill('iso42001-2023:5.2, iso42001-2023:A.2.2');
    ids.principle = await saveNew('ai_principle');
    const rec = await keel.call('GetRecord', 'ai_principle', ids.principle);
    assert.deepEqual(rec.fields.stages, ['deployment']);
    assert.equal(rec.fields.status, 'approved');
  });

  test('the gate without its note is refused, naming the principle; nothing written', { timeout: 60_000 }, async () => {
    await openRecord('ai_system', ids.sys);
    await field('gate_approved_by').fill('Tom Okafor');
    await field('gate_approved_on').fill('2026-11-24');
    await field('stage').selectOption('deployment');
    const before = await opsCount();
    await page.getByTestId('form-save').click();
    const err = page.getByTestId('form-error');
    await err.waitFor();
    const msg = await err.innerText();
    assert.match(msg, /Cannot move to "deployment" without passing the stage gate/);
    assert.match(msg, new RegExp(`"${PRINCIPLE}"`));
    assert.match(msg, /principle review/);
    assert.equal((await keel.call('GetRecord', 'ai_system', ids.sys)).fields.stage, 'verification and validation');
    assert.equal(await opsCount(), before, 'a refused gate writes nothing');
    await err.scrollIntoViewIfNeeded();
    await shot(page, 'principles-2-gate-refused');

    // The inventory says what the gate lacks.
    await openInventory();
    const card = page.getByTestId('ai-system-card').filter({ hasText: AI });
    assert.equal(await card.getAttribute('data-gate'), 'blocked');
    assert.match(await card.getByTestId('ai-gate').innerText(), new RegExp(`"${PRINCIPLE}" weighed at deployment`));
  });

  test('weigh it in a principle review; the gate passes', { timeout: 90_000 }, async () => {
    await newRecord('principle_review');
    await field('title').fill(`${PRINCIPLE} at deployment`);
    await link('ai_system', AI);
    await link('principle', PRINCIPLE);
    await field('stage').selectOption('deployment');
    await field('note').fill(NOTE);
    await field('evidence').fill('Panel notes PN-4 and PN-5; explanation texts v2.');
    await field('weighed_by').fill(PERSON.name);
    await field('weighed_on').fill('2026-11-24');
    ids.review = await saveNew('principle_review');

    await openRecord('ai_system', ids.sys);
    await field('gate_approved_by').fill('Tom Okafor');
    await field('gate_approved_on').fill('2026-11-24');
    await field('stage').selectOption('deployment');
    await page.getByTestId('form-save').click();
    await eventually(async () => (await keel.call('GetRecord', 'ai_system', ids.sys)).fields.stage === 'deployment', { message: 'the system deployed' });
    assert.equal(await page.getByTestId('form-error').count(), 0);
  });

  test('see it on the system and in the principle’s row', { timeout: 60_000 }, async () => {
    await openInventory();
    const card = page.getByTestId('ai-system-card').filter({ hasText: AI });
    await eventually(async () => (await card.getAttribute('data-gate')) === 'approved', { message: 'gate approved' });
    const weighed = card.getByTestId('ai-system-principle-stage');
    assert.equal(await weighed.getAttribute('data-stage'), 'deployment');
    assert.match(await weighed.innerText(), new RegExp(`Deployment:\\s*${PRINCIPLE}`));
    const row = page.getByTestId('ai-principle-row').filter({ hasText: PRINCIPLE });
    assert.equal(await row.getAttribute('data-status'), 'approved');
    assert.equal((await row.getByTestId('ai-principle-applied').innerText()).trim(), '1 gate on 1 system');
    // Applies to a live system, and no metric evidences it yet: a gap.
    assert.match(await row.getByTestId('ai-principle-gap').innerText(), /no monitoring metric/);
    await page.getByTestId('ai-principles').scrollIntoViewIfNeeded();
    await shot(page, 'principles-3-inventory');

    // The review opens from the card.
    await weighed.getByRole('link', { name: PRINCIPLE }).click();
    await eventually(async () => idFromUrl(page.url()) === ids.review, { message: 'the review opened' });
  });

  test('the AI inventory pack lists the principle and how it was weighed', { timeout: 90_000 }, async () => {
    await page.getByTestId('sidebar-link-packs').click();
    await page.getByTestId('packs-page').waitFor();
    await page.getByTestId('pack-kind-ai-inventory').check();
    await page.getByTestId('pack-generate').click();
    const result = page.getByTestId('pack-result');
    await result.waitFor({ timeout: 60_000 });
    const path = await page.getByTestId('pack-path').getAttribute('title');
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    assert.match(text, /Responsible-AI principles/);
    assert.match(text, new RegExp(PRINCIPLE));
    assert.match(text, /Principles weighed at the stage gates/);
    assert.match(flat, new RegExp(NOTE.replace('.', '\\.')));
    assert.match(flat, /1 gate on 1 system/);
    await shot(page, 'principles-4-pack');
  });

  test('the demo: approved principles weighed at its gates and evidenced by its monitoring, light and dark', { timeout: 90_000 }, async () => {
    await openWorkspace(keel, page, 'Fenmore demo', true);
    await openInventory();
    const rows = page.getByTestId('ai-principle-row');
    await eventually(async () => (await rows.count()) === 8, { message: 'eight principles' });
    assert.ok((await page.locator('[data-testid="ai-principle-row"][data-status="approved"]').count()) >= 5);
    const credit = page.getByTestId('ai-system-card').filter({ hasText: 'Credit-decision model v4' });
    assert.equal(await credit.getAttribute('data-gate'), 'approved');
    const stages = await credit.getByTestId('ai-system-principle-stage').evaluateAll((els) => els.map((e) => e.dataset.stage));
    assert.deepEqual(stages, ['deployment', 'operation and monitoring']);
    assert.match(await credit.getByTestId('ai-system-evidence').innerText(), /Fairness ← Thin-file approval-rate ratio, Q3/);
    assert.match(await page.getByTestId('ai-principle-gaps').innerText(), /apply to live systems with no metric/);
    await credit.getByTestId('ai-system-principles').scrollIntoViewIfNeeded();
    await shot(page, 'principles-5-demo-light');
    await toggleTheme(page, 'dark');
    await page.getByTestId('ai-principles').scrollIntoViewIfNeeded();
    await shot(page, 'principles-6-demo-dark');
    await toggleTheme(page, 'light');
    assert.deepEqual(errors, []);
  });
});
