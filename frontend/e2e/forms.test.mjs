// End-to-end (issue 19): a save names every problem at once, each at its field; leaving a form
// with unsaved changes asks keep editing / discard / save. Empty workspace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, keelSuite, shot } from './helpers.mjs';

describe('forms that never lose work and say everything at once', { concurrency: false }, () => {
  let page;
  let app;

  keelSuite({ identity: { name: 'Fran Forms', email: 'fran@example.com', role: 'IMS manager' }, workspace: 'Forms E2E' }, (opened) => {
    page = opened.page;
    app = opened;
  });

  const form = () => page.getByTestId('record-form');
  const field = (name) => form().getByTestId(`field-${name}`);
  const errorAt = (name) => form().getByTestId(`field-error-${name}`);

  test('saving shows every field problem at once, each at its field', { timeout: 60_000 }, async () => {
    await page.evaluate(() => (location.hash = '#/k/risk_method/new'));
    await form().waitFor();
    await field('title').fill('Forms E2E method');
    await field('likelihood_levels').fill('12');
    await field('impact_levels').fill('1');
    await form().getByTestId('form-save').click();
    await errorAt('likelihood_levels').waitFor();
    assert.match(await errorAt('likelihood_levels').innerText(), /Likelihood levels must be a whole number/);
    assert.match(await errorAt('impact_levels').innerText(), /Impact levels must be a whole number/);
    await shot(page, 'forms-all-errors');
    // Editing one field clears only its own message.
    await field('likelihood_levels').fill('5');
    assert.equal(await errorAt('likelihood_levels').count(), 0);
    assert.equal(await errorAt('impact_levels').count(), 1);
  });

  test('leaving a form with unsaved changes asks: keep editing, discard or save', { timeout: 60_000 }, async () => {
    // The form from the test above still holds unsaved values.
    await page.getByTestId('sidebar-link-gap').click();
    const dialog = page.getByTestId('leave-dialog');
    await dialog.waitFor();
    await shot(page, 'forms-leave-dialog');
    await dialog.getByTestId('leave-keep').click();
    await eventually(async () => (await dialog.count()) === 0, { message: 'the dialog closed' });
    assert.match(page.url(), /#\/k\/risk_method\/new/);
    assert.equal(await field('title').inputValue(), 'Forms E2E method');

    // Save from the dialog: refused (impact 1 is out of range) keeps the form and its values.
    await page.getByTestId('sidebar-link-gap').click();
    await dialog.getByTestId('leave-save').click();
    await errorAt('impact_levels').waitFor();
    assert.match(page.url(), /#\/k\/risk_method\/new/);
    assert.equal(await field('title').inputValue(), 'Forms E2E method');

    // Discard leaves.
    await page.getByTestId('sidebar-link-gap').click();
    await dialog.getByTestId('leave-discard').click();
    await eventually(async () => /#\/gap/.test(page.url()), { message: 'went to the gap screen' });

    // A form without changes leaves without asking.
    await page.evaluate(() => (location.hash = '#/k/risk_method/new'));
    await form().waitFor();
    await page.getByTestId('sidebar-link-gap').click();
    await eventually(async () => /#\/gap/.test(page.url()), { message: 'left at once' });
    assert.equal(await dialog.count(), 0);
  });

  test('a link picker creates the supplier it needs in place and links it', { timeout: 60_000 }, async () => {
    await page.evaluate(() => (location.hash = '#/k/risk/new'));
    await form().waitFor();
    await field('suppliers').fill('Zendesk');
    const offer = page.getByTestId('link-create');
    await offer.waitFor();
    assert.equal((await offer.innerText()).trim(), 'Create supplier “Zendesk”');
    await offer.scrollIntoViewIfNeeded();
    await shot(page, 'forms-link-create');
    await offer.click();
    const chip = page.getByTestId('field-suppliers-chips').getByTestId('link-chip');
    await eventually(async () => (await chip.count()) === 1, { message: 'the new supplier is linked' });
    assert.match(await chip.innerText(), /Zendesk/);
    const suppliers = (await app.keel.call('ListRecords', { kind: 'supplier' })).records;
    assert.deepEqual(
      suppliers.map((r) => r.title),
      ['Zendesk'],
    );
    assert.equal(await chip.getAttribute('data-id'), suppliers[0].id);
  });
});
