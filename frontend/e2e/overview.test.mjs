// End-to-end: the consultant's overview lists every workspace with its figures; a click on
// a client opens it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, keelSuite, shot } from './helpers.mjs';

describe('Consultant overview', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];

  keelSuite({
    identity: { name: 'Cora Consultant', email: 'cora@example.com', role: 'Consultant' },
    workspace: 'Fenmore demo',
    demo: true,
    viewport: { width: 1360, height: 900 },
    setup: async (k) => {
      const demo = await k.call('CurrentWorkspace');
      await k.call('CreateWorkspace', 'Acme Start', false);
      await k.call('OpenWorkspace', demo.id);
    },
  }, (app) => ({ keel, page, errors } = app));

  test('every client with its figures; sort, filter, open in one click', { timeout: 90_000 }, async () => {
    await page.goto(page.url().replace(/#.*$/, '') + '#/overview');
    await page.getByTestId('overview-table').waitFor();
    const rows = page.getByTestId('overview-row');
    await eventually(async () => (await rows.count()) >= 2, { message: 'two clients listed' });
    const demo = page.locator('[data-testid="overview-row"][data-name="Fenmore demo"]');
    assert.match(await demo.innerText(), /Fenmore Credit Ltd/);
    const cov = Number((await demo.getByTestId('overview-coverage').innerText()).replace('%', ''));
    const gap = await keel.call('GapAnalysis');
    assert.equal(cov, gap.coverage.totals.find((t) => t.group === 'all').percent);
    await page.getByTestId('overview-sort-coverage').click();
    await page.getByTestId('overview-sort-coverage').click();
    await eventually(async () => (await rows.first().getAttribute('data-name')) === 'Fenmore demo', { message: 'sorted by coverage, highest first' });
    await shot(page, 'overview');
    await page.getByTestId('overview-filter').fill('acme');
    await eventually(async () => (await rows.count()) === 1, { message: 'filtered to Acme' });
    await rows.first().getByTestId('overview-open').click();
    await eventually(async () => (await keel.call('CurrentWorkspace'))?.name === 'Acme Start', { message: 'Acme opened' });
    assert.deepEqual(errors, []);
  });

  test('a template saved from the demo starts a client, and both show on the overview', { timeout: 90_000 }, async () => {
    const demo = (await keel.call('Workspaces')).find((w) => w.name === 'Fenmore demo');
    await keel.call('OpenWorkspace', demo.id);
    await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
    const box = page.getByTestId('settings-templates');
    await box.waitFor({ timeout: 30_000 }); // opening the demo (and backing up the last workspace) comes first
    await page.getByTestId('template-name').fill('Lender starter');
    await page.getByTestId('template-save').click();
    const item = page.locator('[data-testid="template-item"][data-name="Lender starter"]');
    await item.waitFor();
    await item.getByTestId('template-apply').click();
    await item.getByTestId('template-preview').waitFor();
    assert.match(await item.getByTestId('template-preview').innerText(), /skipped \(already here\)/);
    await box.scrollIntoViewIfNeeded();
    await shot(page, 'settings-templates');
    await item.getByTestId('template-client-name').fill('Northwind Lending');
    await item.getByTestId('template-start').click();
    await page.getByTestId('overview-table').waitFor();
    const client = page.locator('[data-testid="overview-row"][data-name="Northwind Lending"]');
    await client.waitFor();
    await page.locator('[data-testid="overview-row"][data-name="Fenmore demo"]').waitFor();
    const policies = await keel.call('ListRecords', { kind: 'policy' });
    assert.ok(policies.records.length > 0 && policies.records.every((r) => r.createdBy.role.includes('from template Lender starter')));
    await shot(page, 'overview-with-template-client');
    assert.deepEqual(errors, []);
  });
});
