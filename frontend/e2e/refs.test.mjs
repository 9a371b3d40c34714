// End-to-end: fields that hold catalogue references (an internal audit's criteria), filled
// with the catalogue picker by keyboard, shown as chips, and checked by the backend: an item
// no catalogue holds is named in the field's error and nothing is saved. Demo workspace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, idFromUrl, keelSuite, setTheme, shot } from './helpers.mjs';

const TITLE = 'Refs E2E: model change audit';
const PICKED = 'iso42001-2023:A.6.2.6\niso27001-2022:9.2';

describe('catalogue references', { concurrency: false }, () => {
  let app;
  let page;
  let id;

  keelSuite(
    { identity: { name: 'Rhys Refs', email: 'rhys@example.com', role: 'Internal auditor' }, workspace: 'Refs E2E', demo: true },
    (opened) => {
      app = opened;
      page = opened.page;
    },
  );

  const form = () => page.getByTestId('record-form');
  const field = (name) => form().getByTestId(`field-${name}`);
  const picker = () => page.getByTestId('ref-picker');
  const chips = () => page.getByTestId('refs-criteria-chips').getByTestId('ref-chip');
  const active = () => picker().locator('[data-testid="ref-option"][aria-selected="true"]');
  const shotBoth = async (name) => {
    await shot(page, `${name}-light`);
    await setTheme(page, 'dark');
    await shot(page, `${name}-dark`);
    await setTheme(page, 'light');
  };

  /** Scrolls the form (only the form) so that a field sits near its top for a screenshot. */
  const showField = (name) =>
    page.getByTestId(`form-field-${name}`).evaluate((el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (p.scrollHeight > p.clientHeight && /auto|scroll/.test(getComputedStyle(p).overflowY)) {
          p.scrollTop += el.getBoundingClientRect().top - p.getBoundingClientRect().top - 120;
          break;
        }
      }
    });

  test('pick two criteria by keyboard, save, see them as chips', { timeout: 60_000 }, async () => {
    await page.evaluate(() => (location.hash = '#/k/audit'));
    await page.getByTestId('record-list').waitFor();
    await page.getByTestId('record-new').click();
    await form().waitFor();
    await field('title').fill(TITLE);
    await field('standards').locator('input[type=checkbox]').first().check();
    await field('lead_auditor').fill('Rhys Refs');
    await field('status').selectOption('planned');

    // Open the picker from the keyboard: the search box has the focus.
    await page.getByTestId('refs-criteria-pick').focus();
    await page.keyboard.press('Enter');
    await picker().waitFor();
    const search = picker().getByTestId('ref-search');
    assert.ok(await search.evaluate((el) => el === document.activeElement), 'the search box has the focus');

    // An ID: the item itself comes first; Enter adds it and the picker stays open.
    await page.keyboard.type('A.6.2.6');
    await eventually(async () => (await active().getAttribute('data-ref')) === 'iso42001-2023:A.6.2.6', {
      message: 'A.6.2.6 is the first match',
    });
    await page.keyboard.press('Enter');
    await picker().locator('[data-ref="iso42001-2023:A.6.2.6"]').filter({ hasText: 'added' }).waitFor();

    // Only 27001, then the arrows: 9.2 is under 9, so move down to it.
    await search.fill('');
    await picker().getByTestId('ref-catalogue').selectOption('iso27001-2022');
    await search.focus();
    await page.keyboard.type('9');
    await eventually(async () => (await active().getAttribute('data-ref')) === 'iso27001-2022:9', { message: '27001 9 first' });
    for (let i = 0; i < 5; i++) {
      if ((await active().getAttribute('data-ref')) === 'iso27001-2022:9.2') break;
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await active().getAttribute('data-ref'), 'iso27001-2022:9.2');
    await shotBoth('refs-1-picker');
    await page.keyboard.press('Enter');
    await picker().locator('[data-ref="iso27001-2022:9.2"]').filter({ hasText: 'added' }).waitFor();

    // Esc closes the picker only: the form stays, with the picks in the field.
    await page.keyboard.press('Escape');
    await picker().waitFor({ state: 'detached' });
    await form().waitFor();
    assert.equal(await field('criteria').inputValue(), PICKED);
    assert.equal(await chips().count(), 2);
    assert.match(await chips().first().innerText(), /42001\s+A\.6\.2\.6\s+— AI system operation and monitoring/);

    await page.getByTestId('form-save').click();
    id = await eventually(() => idFromUrl(page.url()), { message: 'the audit is saved' });
    const stored = await app.keel.call('GetRecord', 'audit', id);
    assert.equal(stored.fields.criteria, PICKED);
    await eventually(async () => (await chips().count()) === 2, { message: 'the chips after saving' });
    assert.match(await chips().nth(1).innerText(), /27001\s+9\.2\s+— Internal audit/);
    await showField('criteria');
    await shotBoth('refs-2-chips');
  });

  test('an unknown reference is named in the field error and nothing is saved', { timeout: 60_000 }, async () => {
    assert.ok(id, 'the audit of the first test');
    await field('criteria').fill(`${PICKED}\niso42001-2023:A.99`);
    const unknown = chips().and(page.locator('[data-ref="iso42001-2023:A.99"]'));
    await unknown.waitFor();
    assert.equal(await unknown.getAttribute('data-unknown'), 'true');
    assert.match(await unknown.innerText(), /not in the catalogue/);

    await page.getByTestId('form-save').click();
    const error = form().getByTestId('field-error-criteria');
    await error.waitFor();
    assert.match(await error.innerText(), /"iso42001-2023:A\.99" is not an item of a catalogue Keel ships/);
    assert.equal((await app.keel.call('GetRecord', 'audit', id)).fields.criteria, PICKED, 'nothing saved');
    await showField('criteria');
    await shotBoth('refs-3-unknown');

    // Removing the chip takes the reference out of the text and the error goes.
    await unknown.getByTestId('ref-chip-remove').click();
    assert.equal(await field('criteria').inputValue(), PICKED);
    await error.waitFor({ state: 'detached' });
  });

  test("a risk's controls: comma-separated chips, a pick appended", { timeout: 60_000 }, async () => {
    const risks = (await app.keel.call('ListRecords', { kind: 'risk' })).records;
    const risk = risks.find((r) => String(r.fields.controls ?? '').split(',').length >= 3);
    assert.ok(risk, 'the demo has a risk with three controls');
    await page.evaluate((rid) => (location.hash = `#/k/risk/${rid}`), risk.id);
    await eventually(async () => (await page.getByTestId('detail-title').innerText()).includes(risk.title), {
      message: 'the risk is open',
    });
    const riskChips = page.getByTestId('refs-controls-chips').getByTestId('ref-chip');
    await eventually(async () => (await riskChips.count()) === 3, { message: 'a chip per control' });
    assert.equal(await page.locator('[data-testid="ref-chip"][data-unknown]').count(), 0, 'the demo names known items');

    await page.getByTestId('refs-controls-pick').click();
    await picker().waitFor();
    await page.keyboard.type('27001 A.8.16');
    await eventually(async () => (await active().getAttribute('data-ref')) === 'iso27001-2022:A.8.16', {
      message: 'the standard number narrows to 27001',
    });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await picker().waitFor({ state: 'detached' });
    assert.equal(await field('controls').inputValue(), `${risk.fields.controls}, iso27001-2022:A.8.16`);
    await showField('controls');
    await shot(page, 'refs-4-risk-controls-light');
    await page.getByTestId('form-cancel').click();
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(app.errors, []);
  });
});
