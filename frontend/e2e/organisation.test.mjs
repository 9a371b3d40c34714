// End-to-end: the organisation's legal name on the Settings screen (the packs print it), and
// the SoA's excluded-but-cited warnings on the Packs screen, on the demo workspace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, keelSuite, shot } from './helpers.mjs';

describe('Organisation and SoA warnings', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];

  keelSuite({
    identity: { name: 'Olu Org', email: 'olu@example.com', role: 'IMS manager' },
    workspace: 'Fenmore demo',
    demo: true,
    viewport: { width: 1280, height: 900 },
  }, (app) => ({ keel, page, errors } = app));

  test('settings: the demo is Fenmore Credit Ltd; a changed registered number is saved', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-organisation').waitFor();
    assert.equal(await page.getByTestId('org-legalName').inputValue(), 'Fenmore Credit Ltd');
    await page.getByTestId('org-registeredNumber').fill('12345678');
    await page.getByTestId('org-save').click();
    await eventually(async () => (await keel.call('CurrentWorkspace')).organisation.registeredNumber === '12345678', {
      message: 'the registered number saved',
    });
    await page.getByTestId('settings-organisation').scrollIntoViewIfNeeded();
    await shot(page, 'settings-organisation');
    assert.deepEqual(errors, []);
  });

  test('packs: the SoA warns of A.8.28, excluded while a risk cites it and AI systems are built in-house', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-packs').click();
    await page.getByTestId('packs-page').waitFor();
    await page.getByTestId('pack-kind-soa').check();
    const warn = page.getByTestId('pack-soa-warnings');
    await warn.waitFor();
    const text = await warn.innerText();
    assert.match(text, /27001 A\.8\.28 is excluded, but the treatment of risk/);
    assert.match(text, /"Customer chatbot" is built in-house/);
    await shot(page, 'packs-soa-warnings');
    await page.getByTestId('pack-kind-gap').check();
    assert.equal(await warn.count(), 0);
    assert.deepEqual(errors, []);
  });
});
