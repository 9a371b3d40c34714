// End-to-end, data-driven: EVERY register the backend declares (the Kinds API), driven through
// the one generic RegisterPage in headless Chromium. Nothing here names a kind: values,
// links, attachments and checks are all derived from the schema. Per kind:
//   - create through the form (every required field), edit a field, link a record (when the
//     kind has a link field), attach a file (when it has an attachments field), delete, find it
//     in the Bin, restore, and see the change with the identity's name in the History;
//   - export CSV and import it again (the register grows by the exported rows), and import a
//     CSV with a wrong header (a clear error, nothing imported);
//   - screenshots of the list and the form into e2e/screenshots/registers/ (light; a few dark).
// The HTTP API is used only for setup (identity, workspace, link targets) and to check what
// was stored.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, expectHistoryChange, idFromUrl, launchBrowser, openApp, refValue, screenshotDir, setInput, setTheme, startKeel } from './helpers.mjs';

const PERSON = { name: 'Rita Registrar', email: 'rita@example.com', role: 'IMS lead' };
const DATE = '2026-03-31';
const DARK = new Set(['context_issue', 'risk', 'ai_system', 'incident']); // also shot in dark
const shotDir = join(screenshotDir, 'registers');

// Started at load time so that one test per kind can be declared from the schema.
const keel = await startKeel();
const kinds = await keel.call('Kinds');

/** Polls until fn() returns a truthy value (or stops throwing). */
const kindOf = (name) => kinds.find((k) => k.name === name);
const isLink = (f) => f.type === 'link' || f.type === 'links';

/** A valid stored value for a field (API shape), for setting up link targets. */
function apiValue(f, label) {
  if (f.refs) return refValue();
  switch (f.type) {
    case 'text':
      return label.slice(0, f.maxLen || 200);
    case 'longtext':
      return 'Created through the API as a link target.';
    case 'enum':
      return f.options[0];
    case 'multienum':
      return [f.options[0]];
    case 'date':
      return DATE;
    case 'datetime':
      return `${DATE}T09:30:00Z`;
    case 'number':
      return 3;
    case 'bool':
      return false;
    case 'person':
      return PERSON.name;
    default:
      return undefined;
  }
}

/** What to type into the form for a field (UI shape). */
function uiValue(f, label) {
  if (f.refs) return refValue();
  switch (f.type) {
    case 'longtext':
      return `${label}: written in the end-to-end test.`;
    case 'date':
      return DATE;
    case 'datetime':
      return `${DATE}T09:30`;
    case 'number':
      // Within every scale the schema's rules know (risk levels 1–5, method levels 2–10).
      return '3';
    case 'person':
      return PERSON.name;
    default:
      return label.slice(0, f.maxLen || 200);
  }
}

describe('every register, driven from the schema', { concurrency: false }, () => {
  let browser;
  let page;
  let errors = [];
  const targets = {}; // kind → { id, title } created through the API to link to

  before(async () => {
    await keel.call('SetIdentity', PERSON);
    await keel.call('CreateWorkspace', 'All registers E2E', false);
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, keel.url, { viewport: { width: 1360, height: 820 } }));
    await mkdir(shotDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await keel?.stop();
  });

  const form = () => page.getByTestId('record-form');
  const field = (name) => form().getByTestId(`field-${name}`);
  const rowByTitle = (title) => page.getByTestId('record-row').filter({ hasText: title });
  const total = async (kind, deleted = false) => (await keel.call('ListRecords', { kind, deleted })).total;

  async function shot(name) {
    await page.screenshot({ path: join(shotDir, `${name}.png`) });
  }

  /** A live record of the kind to link to, created through the API (with its own targets). */
  async function ensureTarget(kindName) {
    if (targets[kindName]) return targets[kindName];
    const k = kindOf(kindName);
    assert.ok(k, `link target kind ${kindName} is declared`);
    const title = `Target ${k.label}`;
    const fields = {};
    for (const f of k.fields) {
      if (!f.required) continue;
      if (f.type === 'link') fields[f.name] = (await ensureTarget(f.linkKind)).id;
      else if (f.type === 'links') fields[f.name] = [(await ensureTarget(f.linkKind)).id];
      else fields[f.name] = f.name === k.titleField ? title : apiValue(f, `Target ${f.label}`);
    }
    const r = await keel.call('CreateRecord', kindName, fields);
    targets[kindName] = { id: r.id, title: r.title };
    return targets[kindName];
  }

  /** Picks a record in a link picker by typing its title. */
  async function pickLink(f, target) {
    const picker = field(f.name);
    await picker.click();
    await picker.fill(target.title);
    // By id: a CSV round trip may have made a second record with the same title.
    const option = page.locator(`[data-testid="link-option"][data-id="${target.id}"]`);
    await option.waitFor();
    await option.click();
    await page
      .getByTestId(`field-${f.name}-chips`)
      .locator(`[data-testid="link-chip"][data-id="${target.id}"]`)
      .filter({ hasText: target.title })
      .waitFor();
    // A multi-value picker stays open for the next pick; Escape closes only its list.
    if (await page.getByTestId(`field-${f.name}-results`).isVisible()) await picker.press('Escape');
    await page.getByTestId(`field-${f.name}-results`).waitFor({ state: 'detached' });
  }

  async function openRegister(k) {
    const link = page.getByTestId(`sidebar-kind-${k.name}`);
    if (await link.isVisible()) await link.click();
    else await page.evaluate((n) => (location.hash = `#/k/${n}`), k.name);
    await eventually(async () => (await page.getByTestId('register-title').innerText()) === k.plural, {
      message: `register title ${k.plural}`,
    });
    await page.getByTestId('record-list').waitFor();
  }

  for (const k of kinds) {
    test(`${k.name}: create, edit, link, attach, delete, Bin, restore, history`, { timeout: 60_000 }, async () => {
      const titleField = k.fields.find((f) => f.name === k.titleField);
      assert.ok(titleField, `${k.name} declares its title field`);
      const linkField = k.fields.find(isLink);
      const linkTarget = linkField ? await ensureTarget(linkField.linkKind) : null;
      const requiredLinks = [];
      for (const f of k.fields.filter((f) => f.required && isLink(f))) {
        requiredLinks.push([f, await ensureTarget(f.linkKind)]);
      }

      await openRegister(k);
      // A title that is a catalogue reference (an implementation status's item) must name an item.
      const title = titleField.refs ? refValue(0) : `E2E ${k.label}`;
      const edited = titleField.refs ? refValue(1) : `${title} (edited)`;

      // --- create through the form: every required field, plus one link
      await page.getByTestId('record-new').click();
      await form().waitFor();
      for (const f of k.fields.filter((f) => f.required && !isLink(f))) {
        await setInput(field(f.name), f, f.name === titleField.name ? title : uiValue(f, `E2E ${f.label}`));
      }
      for (const [f, target] of requiredLinks) await pickLink(f, target);
      if (linkField && !linkField.required) await pickLink(linkField, linkTarget);
      // The form from its top, as a person opening it sees it.
      await page.evaluate(() => {
        document.activeElement?.blur?.();
        const f = document.querySelector('[data-testid="record-form"]');
        for (let el = f; el; el = el.parentElement) el.scrollTop = 0;
        for (const el of f?.querySelectorAll('*') ?? []) if (el.scrollTop) el.scrollTop = 0;
      });
      await shot(`${k.name}-form`);
      if (DARK.has(k.name)) {
        await setTheme(page, 'dark');
        await shot(`${k.name}-form-dark`);
        await setTheme(page, 'light');
      }
      await page.getByTestId('form-save').click();
      const id = await eventually(() => idFromUrl(page.url()), {
        message: `${k.name}: saved`,
      }).catch(async (e) => {
        const errs = await page.locator('[data-testid^="field-error-"], [data-testid="form-error"]').allInnerTexts();
        throw new Error(`${k.name} not saved: ${errs.join(' | ') || e.message}`);
      });
      await rowByTitle(title).waitFor();
      let stored = await keel.call('GetRecord', k.name, id);
      assert.equal(stored.title, title);
      for (const f of k.fields.filter((f) => f.required)) {
        assert.ok(stored.fields[f.name] !== undefined && stored.fields[f.name] !== null, `${k.name}.${f.name} stored`);
      }
      if (linkField) {
        const v = stored.fields[linkField.name];
        const want = linkField.required ? requiredLinks.find(([f]) => f === linkField)[1].id : linkTarget.id;
        assert.deepEqual(linkField.type === 'links' ? v : [v], [want], `${k.name}.${linkField.name} links the target`);
      }

      // --- edit one field
      await field(titleField.name).fill(edited);
      await page.getByTestId('form-save').click();
      await rowByTitle(edited).waitFor();
      await eventually(async () => (await page.getByTestId('detail-title').innerText()).includes(edited), {
        message: 'detail title updated',
      });
      assert.equal((await keel.call('GetRecord', k.name, id)).title, edited);

      // --- attach a small file
      const att = k.fields.find((f) => f.type === 'attachments');
      if (att) {
        const name = `evidence-${k.name}.txt`;
        await form().getByTestId('attach-input').setInputFiles({
          name,
          mimeType: 'text/plain',
          buffer: Buffer.from(`Evidence for ${k.label}\n`),
        });
        await field(att.name).getByTestId('attachment').filter({ hasText: name }).waitFor();
        stored = await eventually(async () => {
          const r = await keel.call('GetRecord', k.name, id);
          return r.fields[att.name]?.length === 1 && r;
        }, { message: 'the attachment is stored' });
        assert.match(stored.fields[att.name][0], new RegExp(`/${name}$`));
      }

      // --- delete, find it in the Bin, restore
      await page.getByTestId('record-delete').click();
      await page.getByTestId('confirm-dialog').waitFor();
      await page.getByTestId('confirm-ok').click();
      await rowByTitle(edited).waitFor({ state: 'detached' });
      assert.equal((await keel.call('GetRecord', k.name, id)).deleted, true);
      await page.getByTestId('list-bin-toggle').click();
      const binned = rowByTitle(edited);
      await binned.waitFor();
      await binned.getByTestId('row-restore').click();
      await binned.waitFor({ state: 'detached' });
      await page.getByTestId('list-bin-toggle').click();
      await rowByTitle(edited).waitFor();
      assert.equal((await keel.call('GetRecord', k.name, id)).deleted, false);

      // --- history: who changed which field
      await rowByTitle(edited).click();
      await eventually(() => idFromUrl(page.url()) === id, { message: 'the record is open again' });
      await expectHistoryChange(page, { field: titleField.label, value: edited, actor: PERSON.name });
      await page.getByTestId('detail-tab-details').click();
      await form().waitFor();

      // --- the list, with the record selected
      await shot(`${k.name}-list`);
      if (DARK.has(k.name)) {
        await setTheme(page, 'dark');
        await shot(`${k.name}-list-dark`);
        await setTheme(page, 'light');
      }
    });

    test(`${k.name}: CSV export and re-import; a wrong header imports nothing`, { timeout: 30_000 }, async () => {
      await openRegister(k);
      const n = await total(k.name);
      assert.ok(n >= 1, `${k.name} has records to export`);

      // --- export through the menu: a download
      await page.getByTestId('export-button').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      const csv = await readFile(await download.path());
      assert.match(download.suggestedFilename(), /\.csv$/);
      await page.getByTestId('toast').filter({ hasText: `Exported ${n} ` }).first().waitFor();

      // --- import it again: every row names its record by id, so nothing changes
      const importFile = (name, buffer) =>
        page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
      const failed = page.locator('[data-testid="toast"][data-kind="error"]').filter({ hasText: 'Not imported' });
      const failedBefore = await failed.count();
      const unchanged = page.getByTestId('toast').filter({ hasText: `0 created, 0 updated, ${n} unchanged` });
      await importFile(download.suggestedFilename(), csv);
      const imported = await eventually(
        async () => {
          if (await page.getByTestId('import-errors').isVisible()) {
            return { refused: await page.getByTestId('import-errors').innerText() };
          }
          if ((await failed.count()) > failedBefore) return { refused: await failed.last().innerText() };
          return (await unchanged.count()) > 0 && { ok: true };
        },
        { message: `${k.name}: its own export read back as ${n} unchanged records` },
      );
      assert.deepEqual(imported, { ok: true }, `${k.name}: re-importing its export was refused`);
      assert.equal(await total(k.name), n, `${k.name}: re-importing its own export adds nothing`);
      const after = await total(k.name);

      // --- a wrong header: a clear error, nothing imported
      await importFile(`${k.name}-wrong.csv`, Buffer.from('not_a_field,another_wrong_column\nfoo,bar\n'));
      const dialog = page.getByTestId('import-errors');
      await dialog.waitFor();
      const text = await dialog.innerText();
      assert.match(text, /Nothing was imported/);
      assert.match(text, /not_a_field/, `the error names the wrong column: ${text}`);
      assert.ok((await dialog.getByTestId('import-error').count()) >= 1, 'the problems are listed');
      if (k.name === kinds[0].name) await shot(`${k.name}-import-error`);
      await page.getByTestId('import-errors-close').click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await total(k.name), after, 'nothing imported from the wrong file');
    });
  }

  test('every register was covered, with no uncaught errors in the page', () => {
    assert.ok(kinds.length >= 22, `${kinds.length} kinds`);
    assert.deepEqual(errors, []);
  });
});
