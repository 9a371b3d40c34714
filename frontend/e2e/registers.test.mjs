// End-to-end: the real backend (`$KEEL_BIN serve`) and headless Chromium, through the UI only
// (the HTTP API is used behind the UI just to read the schema and to check what was stored).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, expectHistoryChange, fillField, idFromUrl, launchBrowser, shot, startKeel } from './helpers.mjs';

const PERSON = { name: 'Ada Auditor', email: 'ada@example.com', role: 'ISMS manager' };

/** Polls until fn() returns a truthy value (or its assertion passes), like a patient person. */
describe('Keel in the browser', { concurrency: false }, () => {
  let keel;
  let browser;
  let page;
  let kinds = [];
  const created = {}; // kind → { id, title }
  const errors = [];

  before(async () => {
    keel = await startKeel();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => errors.push(String(e)));
    kinds = await keel.call('Kinds');
  });

  after(async () => {
    await browser?.close();
    await keel?.stop();
  });

  const kind = (name) => {
    const k = kinds.find((x) => x.name === name);
    assert.ok(k, `the backend has a ${name} kind`);
    return k;
  };
  const form = () => page.getByTestId('record-form');
  const rowByTitle = (title) => page.getByTestId('record-row').filter({ hasText: title });

  test('first run: identity dialog, then an empty workspace', { timeout: 60_000 }, async () => {
    await page.goto(keel.url);
    const dialog = page.getByTestId('identity-dialog');
    await dialog.waitFor();
    await page.getByTestId('first-run').waitFor();
    await shot(page, '01-first-run-identity');

    // A name is required: the dialog says so and stays.
    await page.getByTestId('identity-save').click();
    await page.getByTestId('identity-error-name').waitFor();

    await page.getByTestId('identity-name').fill(PERSON.name);
    await page.getByTestId('identity-email').fill(PERSON.email);
    await page.getByTestId('identity-role').fill(PERSON.role);
    await page.getByTestId('identity-save').click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual((await keel.call('Identity'))?.name, PERSON.name);

    await page.getByTestId('first-run-demo').waitFor();
    await page.getByTestId('first-run-name').fill('Acme E2E');
    await shot(page, '02-first-run-choices');
    await page.getByTestId('first-run-create').click();

    await page.getByTestId('app-shell').waitFor();
    // A new workspace opens on the home dashboard.
    await page.getByTestId('home-page').waitFor();
    const ws = await keel.call('CurrentWorkspace');
    assert.equal(ws?.name, 'Acme E2E');
    assert.match(await page.getByTestId('workspace-switcher').innerText(), /Acme E2E/);
    await shot(page, '03-empty-workspace');
  });

  /**
   * Create (a required field's error shown inline first, then fixed), edit a field, history
   * shows the identity and the field, delete, find it in the Bin, restore.
   */
  async function exerciseKind(name, { title, edited, link } = {}) {
    const k = kind(name);
    const titleField = k.fields.find((f) => f.name === k.titleField);
    assert.ok(titleField, `${name} declares its title field`);

    await page.getByTestId(`sidebar-kind-${name}`).click();
    await eventually(async () => (await page.getByTestId('register-title').innerText()) === k.plural, {
      message: `register title ${k.plural}`,
    });
    await page.getByTestId('list-empty').waitFor();
    assert.match(await page.getByTestId('list-empty').innerText(), /Press N or click New/);

    // --- create: the empty form is refused, with the error next to the field
    await page.getByTestId('record-new').click();
    await form().waitFor();
    await page.getByTestId('form-save').click();
    const err = page.getByTestId(`field-error-${titleField.name}`);
    await err.waitFor();
    assert.match(await err.innerText(), /required/i);
    assert.equal(await page.getByTestId(`field-${titleField.name}`).getAttribute('aria-invalid'), 'true');
    await shot(page, `${name}-1-required-error`);

    for (const f of k.fields.filter((f) => f.required)) {
      await fillField(page, f, f.name === titleField.name ? title : `E2E ${f.label}`);
    }
    await err.waitFor({ state: 'detached' });

    const numberField = k.fields.find((f) => f.type === 'number');
    if (numberField) {
      // A number field takes numbers only, and says so in place.
      await page.getByTestId(`field-${numberField.name}`).fill('three');
      await page.getByTestId('form-save').click();
      await page.getByTestId(`field-error-${numberField.name}`).waitFor();
      await page.getByTestId(`field-${numberField.name}`).fill('3');
    }

    if (link) {
      const target = created[link.kind];
      assert.ok(target, `a ${link.kind} exists to link to`);
      // The link picker searches the target register as you type; Enter picks the first match.
      const picker = page.getByTestId(`field-${link.field}`);
      await picker.fill(target.title.split(' ')[0]);
      await page.getByTestId('link-option').filter({ hasText: target.title }).waitFor();
      await shot(page, `${name}-link-picker`);
      await picker.press('Enter');
      await page.getByTestId('link-chip').filter({ hasText: target.title }).waitFor();
    }

    await page.getByTestId('form-save').click();
    const id = await eventually(() => idFromUrl(page.url()), { message: 'the new record id in the URL' });
    await rowByTitle(title).waitFor();
    created[name] = { id, title };
    const stored = await keel.call('GetRecord', name, id);
    assert.equal(stored.title, title);
    if (link) {
      assert.deepEqual(stored.fields[link.field], [created[link.kind].id], 'the link is stored');
      await page.getByTestId('link-chip').filter({ hasText: created[link.kind].title }).waitFor();
    }

    // --- edit a field, saved with the keyboard
    const input = page.getByTestId(`field-${titleField.name}`);
    await input.fill(edited);
    await input.press('Control+s');
    await rowByTitle(edited).waitFor();
    await eventually(async () => (await page.getByTestId('detail-title').innerText()).includes(edited), {
      message: 'detail title updated',
    });
    assert.equal((await keel.call('GetRecord', name, id)).title, edited);
    created[name].title = edited;
    await shot(page, `${name}-2-saved`);

    // --- history: who changed which field
    await expectHistoryChange(page, { field: titleField.label, value: edited, actor: PERSON.name });
    // The older title can be restored (undo) from the history.
    assert.ok((await page.getByTestId('history-restore').count()) >= 1, 'an older value offers a restore');
    await shot(page, `${name}-3-history`);
    await page.getByTestId('detail-tab-details').click();

    // --- delete, find in the Bin, restore
    await page.getByTestId('record-delete').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-ok').click();
    await rowByTitle(edited).waitFor({ state: 'detached' });
    assert.equal((await keel.call('GetRecord', name, id)).deleted, true);

    await page.getByTestId('list-bin-toggle').click();
    const binned = rowByTitle(edited);
    await binned.waitFor();
    await shot(page, `${name}-4-bin`);
    await binned.getByTestId('row-restore').click();
    await binned.waitFor({ state: 'detached' });
    await page.getByTestId('list-bin-toggle').click();
    await rowByTitle(edited).waitFor();
    assert.equal((await keel.call('GetRecord', name, id)).deleted, false);
  }

  test('interested parties: create, edit, history, delete, Bin, restore', { timeout: 90_000 }, async () => {
    await exerciseKind('interested_party', { title: 'Information Commissioner', edited: 'Information Commissioner’s Office' });
  });

  test('context issues: the same, linked to an interested party', { timeout: 90_000 }, async () => {
    await exerciseKind('context_issue', {
      title: 'Vendor lock-in for model hosting',
      edited: 'Vendor lock-in for AI model hosting',
      link: { field: 'related_parties', kind: 'interested_party' },
    });
  });

  test('scope statements: the same', { timeout: 90_000 }, async () => {
    await exerciseKind('scope_statement', { title: 'IMS scope', edited: 'IMS scope 2026' });
  });

  test('keyboard: arrows move through the list and Enter opens', { timeout: 30_000 }, async () => {
    await page.getByTestId('sidebar-kind-interested_party').click();
    const row = rowByTitle(created.interested_party.title);
    await row.waitFor();
    await page.getByTestId('record-list-body').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await eventually(() => idFromUrl(page.url()) === created.interested_party.id, { message: 'Enter opened the row' });
    await page.getByTestId('record-form').waitFor();
  });

  test('Ctrl+K palette: go to a register, find a record, run a command', { timeout: 60_000 }, async () => {
    const palette = page.getByTestId('command-palette');
    const input = page.getByTestId('palette-input');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    await palette.waitFor();
    await input.fill('scope');
    await shot(page, 'palette-1-register');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await eventually(async () => (await page.getByTestId('register-title').innerText()) === kind('scope_statement').plural, {
      message: 'palette opened the scope register',
    });

    await page.keyboard.press('Control+k');
    await input.fill('lock-in');
    const hit = page.getByTestId('palette-item').filter({ hasText: created.context_issue.title });
    await hit.waitFor();
    await shot(page, 'palette-2-search');
    await hit.click();
    await eventually(() => idFromUrl(page.url()) === created.context_issue.id, { message: 'palette opened the record' });
    await eventually(async () => (await page.getByTestId('detail-title').innerText()).includes(created.context_issue.title));

    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.keyboard.press('Control+k');
    await input.fill('toggle theme');
    await page.keyboard.press('Enter');
    const afterTheme = await eventually(async () => {
      const t = await page.evaluate(() => document.documentElement.dataset.theme);
      return t !== before && t;
    });
    assert.equal(afterTheme, before === 'dark' ? 'light' : 'dark');
    await shot(page, `theme-${afterTheme}`);
  });

  test('history: "Restore this value" puts an older value back (undo)', { timeout: 30_000 }, async () => {
    const { id } = created.interested_party;
    await page.getByTestId('sidebar-kind-interested_party').click();
    await rowByTitle(created.interested_party.title).click();
    await page.getByTestId('detail-tab-history').click();
    const older = page.getByTestId('history-entry').filter({ has: page.getByTestId('history-restore') }).first();
    await older.waitFor();
    const oldValue = (await older.getByTestId('history-value').innerText()).trim();
    await older.getByTestId('history-restore').click();
    await eventually(async () => (await keel.call('GetRecord', 'interested_party', id)).title === oldValue, {
      message: 'the older value is stored again',
    });
    await eventually(async () => (await page.getByTestId('detail-title').innerText()).includes(oldValue));
    // The undo is itself a change in the history, made by the same person.
    const latest = page.getByTestId('history-entry').first();
    await eventually(async () => (await latest.getByTestId('history-value').innerText()).trim() === oldValue);
    assert.match(await latest.getByTestId('history-actor').innerText(), new RegExp(PERSON.name));
    created.interested_party.title = oldValue;
  });

  test('workspaces: create, rename, switch, delete after typing the name', { timeout: 60_000 }, async () => {
    const switcher = page.getByTestId('workspace-switcher');
    await switcher.click();
    await page.getByTestId('workspace-create').click();
    await page.getByTestId('workspace-create-name').fill('Second Org');
    await page.getByTestId('workspace-create-ok').click();
    await eventually(async () => /Second Org/.test(await switcher.innerText()), { message: 'switched to the new workspace' });
    assert.equal((await keel.call('CurrentWorkspace'))?.name, 'Second Org');
    // A new workspace starts empty.
    await page.getByTestId('sidebar-kind-context_issue').click();
    await page.getByTestId('list-empty').waitFor();

    await switcher.click();
    await page.getByTestId('workspace-item').filter({ hasText: 'Second Org' }).getByTestId('workspace-rename').click();
    await page.getByTestId('workspace-rename-name').fill('Second Org Renamed');
    await page.getByTestId('workspace-rename-ok').click();
    await eventually(async () => /Second Org Renamed/.test(await switcher.innerText()), { message: 'renamed' });

    await switcher.click();
    await page.getByTestId('workspace-item').filter({ hasText: 'Acme E2E' }).getByTestId('workspace-open').click();
    await eventually(async () => /Acme E2E/.test(await switcher.innerText()), { message: 'switched back' });
    await page.getByTestId('sidebar-kind-context_issue').click();
    await rowByTitle(created.context_issue.title).waitFor();

    await switcher.click();
    await page.getByTestId('workspace-item').filter({ hasText: 'Second Org Renamed' }).getByTestId('workspace-delete').click();
    await page.getByTestId('confirm-dialog').waitFor();
    assert.equal(await page.getByTestId('confirm-ok').isDisabled(), true, 'delete waits for the typed name');
    await page.getByTestId('confirm-input').fill('Second Org');
    assert.equal(await page.getByTestId('confirm-ok').isDisabled(), true, 'a partial name is not enough');
    await page.getByTestId('confirm-input').fill('Second Org Renamed');
    await shot(page, 'workspace-delete-confirm');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    await eventually(async () => (await keel.call('Workspaces')).every((w) => w.name !== 'Second Org Renamed'), {
      message: 'the workspace is gone',
    });
  });

  test('settings show who you are', { timeout: 20_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-page').waitFor();
    assert.equal(await page.getByTestId('settings-identity-name').innerText(), PERSON.name);
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(errors, []);
  });
});
