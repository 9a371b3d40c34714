// End-to-end: evidence and the auditor's bundle (issue 11), against the real backend in
// headless Chromium on the demo workspace. Attach evidence to a policy (picked and dropped), describe it, see
// it in the evidence view (stale marked) and preview it; export the bundle from Settings,
// open it in the auditor view (intact, the workspace's fingerprint), browse records,
// history, packs and evidence; record a finding, export the signed response; import it in
// the client and find the finding and its nonconformity. Nothing the auditor does writes
// to the workspace. Light and dark screenshots. The HTTP API only sets up and checks.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, launchBrowser, openApp, recordSteps, setTheme, shot as save, startKeel } from './helpers.mjs';

const PERSON = { name: 'Siobhán O\u2019Connell', email: 'siobhan@example.com', role: 'CEO' };
const FINDING = 'The AI policy was approved, but its supplier certificate expired before the review: renew and re-check.';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQAQMAAAAlPW0iAAAAA1BMVEU0UdHWbP7BAAAADElEQVQI12NgIA0AAAAwAAHHqoWOAAAAAElFTkSuQmCC', 'base64'); // 16 × 16, one colour

async function files(dir) {
  const out = {};
  async function walk(d) {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (relative(dir, p) !== 'db') await walk(p); // Badger's files: the op log is checked through the API
      } else out[relative(dir, p)] = createHash('sha256').update(await readFile(p)).digest('hex');
    }
  }
  await walk(dir);
  return out;
}

describe('evidence and the auditor view', { concurrency: false }, () => {
  let keel;
  let browser;
  let page;
  let errors;
  let policy;
  let workspace;
  let bundlePath;
  let responsePath;
  const steps = recordSteps(() => page, () => keel);
  const shot = (name) => save(page, name);

  before(async () => {
    keel = await startKeel();
    await keel.call('SetIdentity', PERSON);
    workspace = await keel.call('CreateWorkspace', 'Fenmore demo', true);
    policy = (await keel.call('ListRecords', { kind: 'policy' })).records[0];
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, keel.url));
  });

  after(async () => {
    await browser?.close();
    await keel?.stop();
  });

  test('evidence attached to a record, described, listed and previewed', { timeout: 60_000 }, async () => {
    await steps.openRecord('policy', policy.id);
    const field = steps.field('attachments');
    await steps.form().getByTestId('attach-input').setInputFiles([
      { name: 'supplier-certificate.txt', mimeType: 'text/plain', buffer: Buffer.from('ISO/IEC 27001 certificate of Acme Scoring Ltd\nValid to 2025-01-31\n') },
      { name: 'dashboard.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await field.getByTestId('attachment').filter({ hasText: 'dashboard.png' }).waitFor();
    // Dropped on the field, as from a file manager.
    await field.evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['2026-11-02 access review done\n'], 'access-log.txt', { type: 'text/plain' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await field.getByTestId('attachment').filter({ hasText: 'access-log.txt' }).waitFor();
    const cert = field.getByTestId('attachment').filter({ hasText: 'supplier-certificate.txt' });
    await cert.getByTestId('attachment-describe').click();
    const meta = field.getByTestId('attachment-meta');
    await meta.getByTestId('meta-type').fill('certificate');
    await meta.getByTestId('meta-collected').fill('2024-02-01');
    await meta.getByTestId('meta-valid').fill('2025-01-31');
    await meta.getByTestId('meta-source').fill('Acme Scoring Ltd, by email');
    await field.scrollIntoViewIfNeeded();
    await shot('evidence-describe');
    await meta.getByTestId('meta-save').click();
    await cert.filter({ hasText: 'expired 2025-01-31' }).waitFor();
    const stored = await keel.call('GetRecord', 'policy', policy.id);
    const entry = stored.fields.attachments.find((r) => r.endsWith('/supplier-certificate.txt'));
    assert.match(entry, /;.*type=certificate/, 'the description is on the record’s attachment entry');
    assert.match(entry, /by=Siob/, 'who added it');
    const history = await keel.call('History', 'policy', policy.id);
    assert.equal(history.at(-1).field, 'attachments', 'describing a file is in the history');

    await page.getByTestId('sidebar-link-evidence').click();
    await page.getByTestId('evidence-page').waitFor();
    const row = page.getByTestId('evidence-row').filter({ hasText: 'supplier-certificate.txt' });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-stale'), 'true');
    assert.equal(await page.getByTestId('evidence-row').count(), 3, 'each file once');
    assert.match(await row.innerText(), /certificate[\s\S]*2024-02-01[\s\S]*2025-01-31[\s\S]*Acme Scoring Ltd[\s\S]*Siob/);
    await row.getByTestId('evidence-record').filter({ hasText: policy.title }).waitFor();
    await row.getByTestId('evidence-open').click();
    await eventually(async () => (await page.getByTestId('preview-text').innerText()).includes('certificate of Acme'), { message: 'text preview' });
    await shot('evidence-view-text');
    await page.getByTestId('evidence-row').filter({ hasText: 'dashboard.png' }).getByTestId('evidence-open').click();
    await page.getByTestId('preview-image').waitFor();
    await eventually(() => page.getByTestId('preview-image').evaluate((img) => img.complete && img.naturalWidth === 16), { message: 'image preview' });
    await shot('evidence-view-image');
    await setTheme(page, 'dark');
    await shot('evidence-view-dark');
    await setTheme(page, 'light');
  });

  test('the size limit is a workspace setting with a clear error', { timeout: 30_000 }, async () => {
    await page.evaluate(() => (location.hash = '#/settings'));
    const limit = page.getByTestId('settings-evidence-limit');
    assert.equal(await limit.inputValue(), '200');
    await limit.fill('1');
    await page.getByTestId('settings-evidence-save').click();
    await eventually(async () => (await keel.call('EvidenceSettings')).maxFileMB === 1, { message: 'limit saved' });
    await steps.openRecord('policy', policy.id);
    await steps.form().getByTestId('attach-input').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(1_100_000, 65) });
    await page.locator('.toast', { hasText: 'too large to attach' }).first().waitFor();
    assert.ok(!(await keel.call('GetRecord', 'policy', policy.id)).fields.attachments.some((r) => r.endsWith('/scan.pdf')), 'nothing attached');
    await keel.call('SetEvidenceSettings', { maxFileMB: 200 });
  });

  test('a bundle exported in Settings opens read-only in the auditor view', { timeout: 180_000 }, async () => {
    await page.evaluate(() => (location.hash = '#/settings'));
    const fp = (await keel.call('BundleKey')).fingerprint;
    await eventually(async () => (await page.getByTestId('settings-bundle-fingerprint').innerText()) === fp, { message: 'fingerprint shown' });
    await page.getByTestId('settings-bundle-export').click();
    await page.getByTestId('settings-bundle-path').waitFor({ timeout: 150_000 });
    bundlePath = (await page.getByTestId('settings-bundle-path').innerText()).trim();
    assert.match(bundlePath, /\.zip$/);

    const before = await files(workspace.path);
    const changesBefore = await keel.call('RecentChanges', 5);
    await page.getByTestId('settings-open-bundle').click();
    await page.getByTestId('auditor-page').waitFor();
    await page.getByTestId('bundle-path').fill(bundlePath);
    await page.getByTestId('bundle-open').click();
    const banner = page.getByTestId('bundle-banner');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-ok'), 'true', await banner.innerText());
    assert.equal(await page.getByTestId('bundle-fingerprint').innerText(), fp, 'signed with the workspace’s key');
    await page.getByTestId('bundle-register-policy').click();
    await page.getByTestId('bundle-record').filter({ hasText: policy.title }).locator('button').click();
    await page.getByTestId('bundle-record-detail').waitFor();
    await page.getByTestId('bundle-history').locator('tbody tr').first().waitFor();
    assert.equal(await page.locator('[data-testid="auditor-page"] input:not([data-testid="bundle-path"]), [data-testid="auditor-page"] textarea').count(), 0, 'nothing editable in the records');
    await shot('auditor-records');
    await setTheme(page, 'dark');
    await shot('auditor-records-dark');
    await setTheme(page, 'light');

    await page.getByTestId('auditor-tab-packs').click();
    await page.getByTestId('bundle-pack-preview').waitFor({ timeout: 30_000 });
    await shot('auditor-packs');
    await page.getByTestId('auditor-tab-evidence').click();
    const row = page.getByTestId('evidence-row').filter({ hasText: 'supplier-certificate.txt' });
    assert.equal(await row.getAttribute('data-stale'), 'true');
    assert.equal(await page.getByTestId('evidence-row').count(), 3, 'the bundle carries every file');
    await row.getByTestId('evidence-open').click();
    await eventually(async () => (await page.getByTestId('preview-text').innerText()).includes('certificate of Acme'), { message: 'bundle preview' });
    await shot('auditor-evidence');

    assert.deepEqual(await files(workspace.path), before, 'the workspace folder is unchanged');
    assert.deepEqual(await keel.call('RecentChanges', 5), changesBefore, 'nothing written to the workspace');
  });

  test('the auditor records a finding and exports a signed response', { timeout: 60_000 }, async () => {
    await page.getByTestId('auditor-tab-findings').click();
    const notes = page.getByTestId('auditor-notes');
    await notes.waitFor();
    assert.equal(await page.getByTestId('auditor-name').inputValue(), PERSON.name);
    await page.getByTestId('auditor-name').fill('Dana Auditor');
    await page.getByTestId('auditor-org').fill('Certify Ltd');
    await page.getByTestId('auditor-sampling').fill('Sampled the AI policy and its supplier evidence.');
    await page.getByTestId('auditor-add-finding').click();
    const f = page.getByTestId('auditor-finding').first();
    await f.getByTestId('finding-grade').selectOption('minor nonconformity');
    await f.getByTestId('finding-requirement').fill('iso42001-2023:A.2.2');
    await f.getByTestId('finding-records').selectOption(policy.id);
    await f.getByTestId('finding-evidence').selectOption({ label: 'supplier-certificate.txt' });
    await f.getByTestId('finding-text').fill(FINDING);
    await shot('auditor-findings');
    await setTheme(page, 'dark');
    await shot('auditor-findings-dark');
    await setTheme(page, 'light');
    const download = page.waitForEvent('download');
    await page.getByTestId('auditor-export').click();
    const d = await download;
    responsePath = join(keel.data, 'response-from-auditor.json');
    await d.saveAs(responsePath);
    const resp = JSON.parse(await readFile(responsePath, 'utf8'));
    const open = await keel.call('CurrentBundle');
    assert.equal(resp.bundle_manifest_hash, open.report.manifest_hash, 'bound to the bundle');
    assert.equal(resp.auditor.fingerprint, open.auditorFingerprint);
    assert.notEqual(resp.auditor.fingerprint, open.report.fingerprint, 'the auditor’s own key');
    assert.equal(resp.findings[0].text, FINDING);
    await page.getByTestId('bundle-close').click();
  });

  test('the client imports the response: the finding and its nonconformity', { timeout: 60_000 }, async () => {
    await page.evaluate(() => (location.hash = '#/settings'));
    await page.getByTestId('settings-response-path').fill(responsePath);
    await page.getByTestId('settings-response-import').click();
    const result = page.getByTestId('settings-response-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Dana Auditor/);
    await page.getByTestId('settings-bundle').scrollIntoViewIfNeeded();
    await shot('settings-bundle');
    const findings = (await keel.call('ListRecords', { kind: 'finding' })).records;
    const mine = findings.find((r) => JSON.stringify(r.fields).includes('supplier certificate expired'));
    assert.ok(mine, 'the finding is in the findings register');
    assert.equal(mine.fields.type, 'minor nonconformity');
    await page.getByTestId('settings-response-nc').first().click();
    await steps.form().waitFor();
    const ncId = decodeURIComponent(page.url().split('/').pop());
    const nc = await keel.call('GetRecord', 'nonconformity', ncId);
    assert.equal(nc.fields.source, 'external audit', 'the nonconformity the minor grade raised');
    assert.equal(nc.fields.severity, 'minor');
    assert.ok(nc.title.startsWith('The AI policy was approved'), nc.title);
    await shot('auditor-imported-nonconformity');
    await setTheme(page, 'dark');
    await shot('auditor-imported-nonconformity-dark');
    await setTheme(page, 'light');
    assert.deepEqual(errors, []);
  });
});
