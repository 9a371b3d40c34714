// End-to-end: the management review screen (issue 6) on the demo workspace, against the real
// backend in headless Chromium. Open #/review from the sidebar, see the clause 9.3 inputs
// with their counts (what ReviewInputs gathers), the overdue action from last year's review
// highlighted; add an action agreed in the meeting and find it under the review, in the
// actions register and under the next review's actions from previous reviews; a missing
// title is refused inline with nothing written. Light and dark screenshots. An empty
// workspace explains how to start. The HTTP API only sets up and checks what was stored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, idFromUrl, launchBrowser, openApp, setTheme as theme, shot, startKeel } from './helpers.mjs';

const PERSON = { name: 'Siobhán O\u2019Connell', email: 'siobhan@example.com', role: 'CEO' };
const ACTION = 'Publish the AI policy to all staff — ≥ 95% read by March';

describe('management review screen', { concurrency: false }, () => {
  let keel;
  let browser;
  let page;
  let errors;
  let review2026;
  let agreedAction;

  before(async () => {
    keel = await startKeel();
    await keel.call('SetIdentity', PERSON);
    await keel.call('CreateWorkspace', 'Fenmore demo', true);
    const reviews = (await keel.call('ListRecords', { kind: 'management_review' })).records;
    review2026 = reviews.find((r) => r.title === 'Management review 2026');
    assert.ok(review2026, 'the demo has this year’s review');
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, keel.url));
  });

  after(async () => {
    await browser?.close();
    await keel?.stop();
  });

  const setTheme = (name) => theme(page, name);
  const section = (id) => page.locator(`[data-testid="review-section"][data-section="${id}"]`);
  const form = () => page.getByTestId('review-action-form');

  test('the sidebar opens the newest review with its inputs counted', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-review').click();
    await page.getByTestId('review-page').waitFor();
    await page.getByTestId('review-meta').waitFor();
    assert.equal(await page.getByTestId('review-select').inputValue(), review2026.id, 'newest first');
    assert.equal(await page.getByTestId('review-period').innerText(), '16 Nov 2025 – 15 Nov 2026');

    // What the screen counts is what the service gathers, and the demo has something in each.
    const s = await keel.call('ReviewInputs', review2026.id, '', '');
    const counts = Object.fromEntries(
      await page.getByTestId('review-section').evaluateAll((els) => els.map((e) => [e.dataset.section, Number(e.dataset.count)])),
    );
    assert.equal(counts.previous, s.previousActions.length);
    assert.equal(counts.nonconformities, s.nonconformities.length);
    assert.equal(counts.audits, s.audits.length);
    assert.equal(counts.incidents, s.incidents.length);
    assert.equal(counts.risks, s.risks.total);
    assert.equal(counts.improvements, s.improvements.length);
    for (const id of ['previous', 'nonconformities', 'objectives', 'audits', 'incidents', 'risks', 'dpias', 'improvements']) {
      assert.ok(counts[id] > 0, `${id} counts ${counts[id]}`);
    }
    assert.equal(await page.getByTestId('review-figure-open-ncs').locator('.big').innerText(), String(s.figures.openNonconformities));

    // Last year's action still in progress past its due date is highlighted, and opens its record.
    const late = section('previous').locator('[data-testid="review-row"][data-late="true"]');
    assert.equal(await late.count(), 1);
    assert.match(await late.innerText(), /Name a leadership owner for AI governance[\s\S]*overdue/);
    assert.equal(await page.getByTestId('review-figure-overdue-actions').locator('.big').innerText(), '1');
    // Findings show the nonconformity each raised.
    assert.match(await section('audits').innerText(), /Vendor change notices not reviewed before two releases[\s\S]*Model vendor's change notices not checked before release \(awaiting check\)/);
    assert.equal(await page.getByTestId('review-decision').count(), 4);
    assert.deepEqual(errors, []);
    await shot(page, 'review-1-demo-light');
    await setTheme('dark');
    await shot(page, 'review-2-demo-dark');
    await section('audits').scrollIntoViewIfNeeded();
    await shot(page, 'review-3-audits-dark');
    await setTheme('light');

    await late.getByRole('link').first().click();
    await eventually(async () => page.url().includes('#/k/action/'), { message: 'the overdue action opens' });
    await page.getByTestId('record-form').waitFor();
  });

  test('a missing title is refused beside the field, with nothing written', { timeout: 60_000 }, async () => {
    await page.goto(keel.url.replace(/#.*$/, '') + `#/review/${review2026.id}`);
    await form().waitFor();
    const before = (await keel.call('ListRecords', { kind: 'action' })).total;
    await form().getByTestId('field-owner').fill('Zoë Łukasiewicz');
    await form().getByTestId('review-action-add').click();
    const err = form().getByTestId('field-error-title');
    await err.waitFor();
    assert.match(await err.innerText(), /required/i);
    assert.equal(await form().getByTestId('field-title').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'field-title', 'focus goes to the field at fault');
    assert.equal((await keel.call('ListRecords', { kind: 'action' })).total, before, 'nothing written');
    await form().scrollIntoViewIfNeeded();
    await shot(page, 'review-4-missing-title');
  });

  test('an action agreed in the meeting joins the review and the action list, by keyboard', { timeout: 60_000 }, async () => {
    // Still on the form with the title error: typing clears it; Enter submits.
    await form().getByTestId('field-title').fill(ACTION);
    await eventually(async () => (await form().getByTestId('field-error-title').count()) === 0, { message: 'the error clears' });
    await form().getByTestId('field-due_date').fill('2027-03-31');
    await form().getByTestId('field-title').press('Enter');

    const agreed = page.getByTestId('review-action').filter({ hasText: ACTION });
    await agreed.waitFor();
    assert.match(await agreed.innerText(), /Zoë Łukasiewicz · due 31 Mar 2027 · Open/);
    assert.equal(await form().getByTestId('field-title').inputValue(), '', 'the form is ready for the next action');

    // Stored as an action raised from the review, and linked from it.
    const actions = (await keel.call('ListRecords', { kind: 'action', search: 'Publish the AI policy' })).records;
    assert.equal(actions.length, 1);
    const a = actions[0];
    agreedAction = a;
    assert.equal(a.fields.source_kind, 'management review');
    assert.equal(a.fields.status, 'open');
    assert.equal(a.fields.owner, 'Zoë Łukasiewicz');
    const rv = await keel.call('GetRecord', 'management_review', review2026.id);
    assert.ok(rv.fields.actions.includes(a.id), 'the review links the action');

    // In the actions register.
    await page.getByTestId('sidebar-kind-action').click();
    await eventually(async () => (await page.getByTestId('register-page').getAttribute('data-kind')) === 'action', { message: 'actions register' });
    await page.getByText(ACTION).first().waitFor();

    // Under the next review's actions from previous reviews.
    const next = await keel.call('CreateRecord', 'management_review', {
      title: 'Management review 2027', meeting_date: '2027-11-18', period_from: '2026-11-16', period_to: '2027-11-15', status: 'planned',
    });
    await page.getByTestId('sidebar-link-review').click();
    await eventually(async () => (await page.getByTestId('review-select').inputValue()) === next.id, { message: 'the newest review is chosen' });
    const row = section('previous').getByTestId('review-row').filter({ hasText: ACTION });
    await row.waitFor();
    assert.match(await row.innerText(), /Management review 2026/);
    await shot(page, 'review-5-next-review');

    // The select goes back to last year's meeting.
    await page.getByTestId('review-select').selectOption(review2026.id);
    await eventually(async () => idFromUrl(page.url()) === null && page.url().endsWith(`#/review/${review2026.id}`), { message: 'the route names the review' });
    await page.getByTestId('review-action').filter({ hasText: ACTION }).waitFor();
    assert.deepEqual(errors, []);
  });

  test('the agreed action names the review it came from, and a finding names the nonconformity it raised', { timeout: 60_000 }, async () => {
    await page.evaluate((h) => (location.hash = h), `#/k/action/${agreedAction.id}`);
    const from = page.getByTestId('linked-from');
    await from.waitFor();
    assert.match(await from.innerText(), /Linked from\s+Management review · Actions agreed\s+Management review 2026/);
    await from.evaluate((el) => el.closest('.detail-body')?.scrollTo(0, 1e6));
    await shot(page, 'review-7-linked-from');
    await from.getByTestId('linked-from-item').filter({ hasText: 'Management review 2026' }).click();
    await eventually(async () => idFromUrl(page.url()) === review2026.id, { message: 'the review opens' });

    // A demo finding graded a nonconformity: its nonconformity lists it under Linked from.
    const findings = (await keel.call('ListRecords', { kind: 'finding' })).records.filter((f) => f.fields.nonconformity);
    assert.ok(findings.length > 0, 'the demo has a finding that raised a nonconformity');
    await page.evaluate((h) => (location.hash = h), `#/k/nonconformity/${findings[0].fields.nonconformity}`);
    await page.getByTestId('linked-from').getByTestId('linked-from-item').filter({ hasText: findings[0].title }).waitFor();
    assert.deepEqual(errors, []);
  });

  test('the review’s PDF pack button opens the Packs screen on that review and its period', { timeout: 60_000 }, async () => {
    await page.evaluate((h) => (location.hash = h), `#/review/${review2026.id}`);
    await page.getByTestId('review-pdf').click();
    await page.getByTestId('packs-page').waitFor();
    assert.ok(await page.getByTestId('pack-kind-management-review').isChecked());
    await eventually(async () => (await page.getByTestId('pack-review').inputValue()) === review2026.id, { message: 'the review is chosen' });
    await eventually(async () => (await page.getByTestId('pack-from').inputValue()) === '2025-11-16', { message: 'its period' });
    assert.equal(await page.getByTestId('pack-to').inputValue(), '2026-11-15');
    assert.match(await page.getByTestId('pack-generate').innerText(), /Generate management review PDF/);
    assert.deepEqual(errors, []);
  });

  test('an empty workspace explains how to start, with a button to the new review form', { timeout: 60_000 }, async () => {
    await keel.call('CreateWorkspace', 'Empty', false);
    await page.goto(keel.url.replace(/#.*$/, '') + '#/review');
    const empty = page.getByTestId('review-empty');
    await empty.waitFor();
    assert.match(await empty.innerText(), /Record the meeting first/);
    await setTheme('dark');
    await shot(page, 'review-6-empty-dark');
    await setTheme('light');
    await page.getByTestId('review-new').click();
    await eventually(async () => page.url().endsWith('#/k/management_review/new'), { message: 'the new review form' });
    await page.getByTestId('record-form').waitFor();
  });
});
