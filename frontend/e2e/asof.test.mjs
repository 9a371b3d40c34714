// End-to-end: the "As of" control (issue 20) on the demo workspace, against the real
// backend in headless Chromium. On the AI systems register, a past date shows the
// register as it stood then (the credit model at an earlier stage, with a clear banner),
// nothing can be changed (no New, no Delete, a read-only form), and "Back to today" brings
// today's register back. The Packs screen shows the same date and makes a pack as of it,
// whose file name says so. Screenshots of each.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, keelSuite, setTheme, shot } from './helpers.mjs';

const PERSON = { name: 'Zoë Łukasiewicz', email: 'zoe@example.com', role: 'DPO' };
const CREDIT = 'Credit-decision model v4';

describe('as of a past date', { concurrency: false }, () => {
  let keel;
  let page;
  let errors;
  keelSuite({ identity: PERSON, workspace: 'Fenmore demo', demo: true }, (app) => ({ keel, page, errors } = app));

  const row = (title) => page.getByTestId('record-row').filter({ hasText: title });

  test('a register as it stood, read-only, and back to today', { timeout: 60_000 }, async () => {
    await page.goto(keel.url.replace(/#.*$/, '') + '#/k/ai_system');
    await page.getByTestId('register-page').waitFor();
    await row(CREDIT).waitFor();
    assert.match(await row(CREDIT).innerText(), /operation and monitoring/);
    assert.equal(await page.getByTestId('as-of-banner').count(), 0, 'no banner today');

    // The service says what the register held then; the screen shows the same.
    const then = await keel.call('ListRecordsAsOf', { kind: 'ai_system' }, '2025-09-30');
    const credit = then.records.find((r) => r.title === CREDIT);
    assert.equal(credit.fields.stage, 'verification and validation');

    await page.getByTestId('as-of-date').fill('2025-09-30');
    const banner = page.getByTestId('as-of-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /AI systems as they stood at the end of .*2025/);
    await eventually(async () => /verification and validation/.test(await row(CREDIT).innerText()), { message: 'the earlier stage' });
    assert.equal(await page.getByTestId('record-row').count(), then.total);
    assert.equal(await page.getByTestId('record-new').count(), 0, 'no New while looking at the past');

    await row(CREDIT).click();
    await page.getByTestId('record-detail').waitFor();
    assert.equal(await page.getByTestId('record-delete').count(), 0, 'no Delete');
    await shot(page, 'asof-1-register-past');
    const formDisabled = () => page.locator('[data-testid="record-detail"] fieldset').first().evaluate((el) => el.disabled);
    assert.equal(await formDisabled(), true, 'the form is read-only');

    // Its history stops at that day.
    await page.getByTestId('detail-tab-history').click();
    await page.getByTestId('history-panel').waitFor();
    const h = await keel.call('HistoryAsOf', 'ai_system', credit.id, '2025-09-30');
    await eventually(async () => (await page.getByTestId('history-entry').count()) > 0, { message: 'history entries' });
    assert.ok(h.every((e) => e.at < '2025-10-01'), 'the history as of a day has nothing after it');
    await shot(page, 'asof-2-history-past');
    await setTheme(page, 'dark');
    await shot(page, 'asof-2-history-past-dark');
    await setTheme(page, 'light');

    // A bad date is refused by the service with a clear message.
    await assert.rejects(keel.call('ListRecordsAsOf', { kind: 'ai_system' }, '2025-02-30'), /is not a date/);

    await page.getByTestId('as-of-today').click();
    await eventually(async () => (await page.getByTestId('as-of-banner').count()) === 0, { message: 'the banner gone' });
    await page.getByTestId('detail-tab-details').click();
    await eventually(async () => /operation and monitoring/.test(await row(CREDIT).innerText()), { message: 'today’s stage' });
    await page.getByTestId('record-delete').waitFor();
    await eventually(async () => (await formDisabled()) === false, { message: 'editable again' });
    await page.getByTestId('record-new').waitFor();
    await shot(page, 'asof-3-register-today');
  });

  test('the Packs screen makes a pack as of a date, clearly marked', { timeout: 90_000 }, async () => {
    await page.getByTestId('sidebar-link-packs').click();
    await page.getByTestId('packs-page').waitFor();
    await page.getByTestId('as-of-date').fill('2026-03-31');
    const banner = page.getByTestId('as-of-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Packs are made from the workspace as it stood at the end of .*2026/);
    await page.getByTestId('pack-kind-risk').check();
    await page.getByTestId('pack-generate').click();
    const result = page.getByTestId('pack-result');
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.innerText(), /keel-risk-as-of-2026-03-31\.pdf/);
    await shot(page, 'asof-4-packs-past');

    // The date stays while moving to a register, and Back to today clears it everywhere.
    // (by the address bar's hash: keel.url still carries the token the page has since
    // taken out of the address bar, so going to it would load the page afresh)
    await page.evaluate(() => (location.hash = '#/k/context_issue'));
    await page.getByTestId('register-page').waitFor();
    await page.getByTestId('as-of-banner').waitFor();
    assert.equal(await page.getByTestId('as-of-date').inputValue(), '2026-03-31');
    await page.getByTestId('as-of-today').click();
    await eventually(async () => (await page.getByTestId('as-of-banner').count()) === 0, { message: 'the banner gone' });
    assert.deepEqual(errors, []);
  });
});
