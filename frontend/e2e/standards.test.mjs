// End-to-end: the standards catalogue browser, the 42001 gap analysis with bulk status
// editing, and CSV import/export, against the real backend in headless Chromium.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { eventually, keelSuite, shot, toggleTheme } from './helpers.mjs';

describe('Standards, gap analysis, import and export', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];

  keelSuite({
    identity: { name: 'Gia Gap', email: 'gia@example.com', role: 'AIMS lead' },
    workspace: 'Gap E2E',
    viewport: { width: 1280, height: 800 },
  }, (app) => ({ keel, page, errors } = app));

  const setTheme = (name) => toggleTheme(page, name);

  test('catalogue browser: tree, search by ID and words, item with its mappings', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-standards').click();
    await page.getByTestId('standards-page').waitFor();
    assert.match(await page.getByTestId('catalogue-notice').innerText(), /ISO/);

    const search = page.getByTestId('catalogue-search');
    await search.fill('A.6.2.4');
    const node = page.getByTestId('catalogue-node').and(page.locator('[data-id="A.6.2.4"]'));
    await node.click();
    await eventually(async () => (await page.getByTestId('catalogue-item-id').innerText()) === 'A.6.2.4');
    assert.ok((await page.getByTestId('catalogue-mapping').count()) >= 1, 'A.6.2.4 has crosswalk rows');
    assert.match(await page.getByTestId('catalogue-mapping-relationship').first().innerText(), /\w/);
    await shot(page, 'standards-1-item-light');

    // Its implementation status can be set here (planned: no effect on coverage).
    await page.getByTestId('catalogue-item-set-status').selectOption('planned');
    await eventually(async () => (await keel.call('CatalogueItem', 'iso42001-2023', 'A.6.2.4')).status === 'planned', {
      message: 'the status is stored',
    });
    await eventually(async () => (await page.getByTestId('catalogue-item-status').innerText()) === 'planned');

    // Words: matching items with their ancestors.
    await search.fill('supplier');
    await eventually(async () => (await page.getByTestId('catalogue-node').count()) > 1, { message: 'word search finds items' });

    // An unverified item (27701:2025 Table A.3 is unverified throughout) shows the flag.
    await page.getByTestId('catalogue-tab-iso27701-2025').click();
    await search.fill('A.3');
    await page.getByTestId('catalogue-node').nth(1).click();
    await page.getByTestId('catalogue-item-unverified').waitFor();
    await setTheme('dark');
    await shot(page, 'standards-2-unverified-dark');
    await setTheme('light');
  });

  test('gap: set the 27001 controls implemented in bulk, and 42001 coverage moves', { timeout: 90_000 }, async () => {
    await page.getByTestId('sidebar-link-gap').click();
    await page.getByTestId('gap-page').waitFor();
    const total = page.getByTestId('gap-total-all');
    await total.waitFor();
    const before = Number(await total.getAttribute('data-percent'));
    assert.equal(before, 0, 'a new workspace starts at 0%');
    await shot(page, 'gap-1-empty');

    await page.getByTestId('gap-catalogue').selectOption('iso27001-2022');
    await page.getByTestId('gap-filter-kind').selectOption('control');
    await eventually(async () => /^93 of/.test(await page.getByTestId('gap-count').innerText()), {
      message: '93 Annex A controls of 27001 listed',
    });
    await page.getByTestId('gap-select-all').check();
    await page.getByTestId('gap-bulk').waitFor();
    assert.match(await page.getByTestId('gap-bulk').innerText(), /93 selected/);
    await page.getByTestId('gap-bulk-status').selectOption('implemented');
    await shot(page, 'gap-2-bulk-select');
    await page.getByTestId('gap-bulk-apply').click();
    await page.getByTestId('gap-bulk').waitFor({ state: 'detached' });
    await eventually(
      async () =>
        (await page.getByTestId('gap-row-status').allInnerTexts()).every((s) => s.trim() === 'implemented'),
      { message: 'every 27001 control shows implemented' },
    );

    // Back on 42001: coverage has moved, in the totals and in the Annex A chart.
    await page.getByTestId('gap-catalogue').selectOption('iso42001-2023');
    const after = await eventually(async () => {
      const p = Number(await total.getAttribute('data-percent'));
      return p > before && p;
    }, { message: '42001 coverage rises' });
    const analysis = await keel.call('GapAnalysis');
    assert.equal(analysis.coverage.totals.find((c) => c.group === 'all').percent, after);
    const annexBars = page.getByTestId('chart-annex').getByTestId('coverage-bar');
    const percents = (await annexBars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-percent')))));
    assert.ok(percents.some((p) => p > 0), 'some Annex A area is now partly covered');
    const inherited = analysis.items.filter((i) => i.result === 'met-by-inheritance');
    assert.ok(inherited.length > 0, 'some 42001 items are met by inheritance');
    await page.getByTestId('gap-filter-result').selectOption('met-by-inheritance');
    await eventually(async () => (await page.getByTestId('gap-row').count()) === inherited.length);
    await shot(page, 'gap-3-coverage-light');

    // Drill down into one item: its result and todo, and its mappings.
    await page.getByTestId('gap-filter-result').selectOption('');
    await page.getByTestId('gap-row').filter({ has: page.locator('a', { hasText: /^A\.10\.3$/ }) }).locator('a').first().click();
    await page.getByTestId('gap-detail').waitFor();
    await eventually(async () => (await page.getByTestId('catalogue-item-id').innerText()) === 'A.10.3');
    assert.match(await page.getByTestId('gap-detail-result').innerText(), /Extend|Met by inheritance|New|Done/);
    await setTheme('dark');
    await shot(page, 'gap-4-drilldown-dark');
    await setTheme('light');

    // Create an action from the gap: it lands in the action list, pointing back at the item.
    await page.getByTestId('gap-create-action').click();
    await eventually(async () => /#\/k\/action\/[0-9a-f-]{36}$/.test(page.url()));
    const title = page.getByTestId('record-form').locator('input').first();
    await eventually(async () => /^ISO\/IEC 42001 A\.10\.3 Suppliers: close the gap/.test(await title.inputValue()));
    await shot(page, 'gap-5-action-created');
  });

  test('import: a CSV with a bad date is refused with the row shown, nothing imported; a good one is', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-kind-interested_party').click();
    await page.getByTestId('list-empty').waitFor();
    const bad = 'name,category,review_date\nInformation Commissioner,regulator,2026-03-31\nCustomers,customer,31/02/2026\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'parties.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const dialog = page.getByTestId('import-errors');
    await dialog.waitFor();
    const err = page.getByTestId('import-error').first();
    assert.match(await err.innerText(), /Row 3/);
    assert.match(await err.innerText(), /review_date/);
    await shot(page, 'import-1-errors');
    await page.getByTestId('import-errors-close').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await keel.call('ListRecords', { kind: 'interested_party' })).total, 0, 'nothing imported');
    await page.getByTestId('list-empty').waitFor();

    const good = bad.replace('31/02/2026', '2026-02-28');
    await page.getByTestId('import-file').setInputFiles({ name: 'parties.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('record-row').filter({ hasText: 'Customers' }).waitFor();
    assert.equal((await keel.call('ListRecords', { kind: 'interested_party' })).total, 2);
  });

  test('export: CSV downloads a file with the register', { timeout: 30_000 }, async () => {
    await page.getByTestId('export-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.equal(download.suggestedFilename(), 'interested_party.csv');
    const text = await readFile(await download.path(), 'utf8');
    assert.match(text, /name/);
    assert.match(text, /Information Commissioner/);
    await page.getByTestId('export-button').click();
    const [x] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    assert.equal(x.suggestedFilename(), 'interested_party.xlsx');
    const bytes = await readFile(await x.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX is a zip');
    // Read back unchanged, the export names its records by id and changes nothing.
    await page.getByTestId('import-file').setInputFiles({ name: 'interested_party.xlsx', buffer: bytes,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await page.getByText('From interested_party.xlsx: 0 created, 0 updated, 2 unchanged').waitFor();
    assert.equal((await keel.call('ListRecords', { kind: 'interested_party' })).total, 2, 'no copies');
  });

  test('evidence files: attach to a record, listed with its size, removed again', { timeout: 30_000 }, async () => {
    const rec = await keel.call('CreateRecord', 'policy', { title: 'AI policy', owner: 'Gia Gap', status: 'draft' });
    await page.goto(`${keel.url.split('#')[0]}#/k/policy/${encodeURIComponent(rec.id)}`);
    await page.getByTestId('record-form').waitFor();
    const field = page.getByTestId('field-attachments');
    await field.scrollIntoViewIfNeeded();
    await page.getByTestId('attach-input').setInputFiles({
      name: 'ai-policy-approval.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Approved by the board on 2026-11-01.\n'),
    });
    await field.getByTestId('attachment').filter({ hasText: 'ai-policy-approval.txt' }).waitFor();
    await eventually(async () => /\d+(\.\d)? (B|KB)/.test(await field.getByTestId('attachment').innerText()), {
      message: 'the size is shown',
    });
    const stored = await keel.call('GetRecord', 'policy', rec.id);
    assert.equal(stored.fields.attachments.length, 1);
    assert.match(stored.fields.attachments[0], /^[0-9a-f]{64};at=[^/]*&by=[^/]*\/ai-policy-approval\.txt$/);
    // The form is not dirty: attaching is its own change, not an unsaved edit.
    assert.equal(await page.getByTestId('record-form').getAttribute('data-dirty'), 'false');
    assert.equal(await page.getByTestId('form-stale').count(), 0);
    await shot(page, 'evidence-attached');
    await field.getByRole('button', { name: 'Remove ai-policy-approval.txt' }).click();
    await field.getByTestId('attachment').waitFor({ state: 'detached' });
    assert.deepEqual((await keel.call('GetRecord', 'policy', rec.id)).fields.attachments ?? [], []);
  });

  test('due dates: an overdue review date stands out in the list', { timeout: 30_000 }, async () => {
    // Improvements have a target date marked `due` in the schema.
    await keel.call('CreateRecord', 'improvement', { title: 'Overdue review', target_date: '2020-01-31' });
    await keel.call('CreateRecord', 'improvement', { title: 'Later review', target_date: '2099-01-31' });
    await page.getByTestId('sidebar-kind-improvement').click();
    const overdue = page.getByTestId('record-row').filter({ hasText: 'Overdue review' });
    await overdue.locator('[data-due="overdue"]').waitFor();
    assert.equal(await page.getByTestId('record-row').filter({ hasText: 'Later review' }).locator('[data-due]').count(), 0);
    await shot(page, 'due-overdue');
  });

  test('layout at 800 px: registers, gap and standards stay usable', { timeout: 30_000 }, async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByTestId('sidebar-kind-interested_party').click();
    await page.getByTestId('record-row').first().waitFor();
    const overflow = await page.getByTestId('record-list-body').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrollbar in the list (overflow ${overflow}px)`);
    await shot(page, 'layout-800-register');
    await page.getByTestId('sidebar-link-gap').click();
    await page.getByTestId('gap-total-all').waitFor();
    await shot(page, 'layout-800-gap');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(errors, []);
  });
});
