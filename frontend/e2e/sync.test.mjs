// End-to-end: the sync settings screen (issue 18) against two real `keel serve` processes in
// headless Chromium. Turn sync on for a folder with the keyboard, write an invite and see its
// code once; a second Keel joins with it through the API and writes a change; the first,
// watching the folder, receives it and lists both devices; a wrong code is refused on the join
// form; remove the second device behind a confirm. Light and dark screenshots.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { eventually, keelSuite, shot, startKeel, toggleTheme } from './helpers.mjs';

const PERSON = { name: 'Ines Duarte', email: 'ines@example.com', role: 'ISMS manager' };
const BEA = { name: 'Bea Novak', email: 'bea@example.com', role: 'Consultant' };

describe('Sync settings: turn on, invite, a device joins and is heard from, remove it', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];
  let other;
  let code = '';
  const dirs = {};

  keelSuite({ identity: PERSON, workspace: 'Harbour Freight' }, (app) => ({ keel, page, errors } = app));
  after(async () => {
    await other?.stop();
    for (const d of Object.values(dirs)) await rm(d, { recursive: true, force: true });
  });

  test('an empty state says what to do; turn sync on with the keyboard', { timeout: 60_000 }, async () => {
    dirs.folder = await mkdtemp(join(tmpdir(), 'keel-e2e-folder-'));
    dirs.files = await mkdtemp(join(tmpdir(), 'keel-e2e-files-'));
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-page').waitFor();
    assert.match(await page.getByTestId('sync-off').innerText(), /Sync is off.*Choose a folder/s);
    assert.match(await page.getByTestId('sync-devices-empty').innerText(), /No devices yet/);
    await shot(page, 'sync-1-off');
    await page.getByTestId('sync-folder').fill(dirs.folder);
    await page.getByTestId('sync-folder').press('Enter');
    await page.getByTestId('sync-status').waitFor();
    assert.equal(await page.getByTestId('sync-device').count(), 1);
    assert.match(await page.getByTestId('sync-device').innerText(), /Ines Duarte \(this device\)/);
    assert.match(await page.getByTestId('sync-pending').innerText(), /None/);
    assert.match(await page.getByTestId('sync-turn-on').innerText(), /Sync now/);
    const st = await keel.call('SyncStatus');
    assert.equal(st.folder, dirs.folder);
    assert.ok(st.watching, 'keel serve watches the folder');
    await page.getByTestId('sync-interval').selectOption('15');
    await page.getByTestId('sync-fetch').selectOption('all');
    await eventually(async () => {
      const s = await keel.call('SyncStatus');
      return s.interval === '15m0s' && s.fetchAll;
    }, { message: 'the interval and the evidence choice saved' });
  });

  test('write an invite: its code is shown once', { timeout: 60_000 }, async () => {
    const out = join(dirs.files, 'bea.keelinvite');
    await page.getByTestId('sync-invite-out').fill(out);
    await page.getByTestId('sync-invite').click();
    code = (await page.getByTestId('sync-code').innerText()).trim();
    assert.match(code, /^[a-z]+(-[a-z]+){5}$/);
    await shot(page, 'sync-2-invite-code');
    await page.getByTestId('sync-code-done').click();
    assert.equal(await page.getByTestId('sync-code').count(), 0);
    assert.ok(!(await page.getByTestId('sync-page').innerText()).includes(code), 'the code is gone from the screen');
  });

  test('a wrong code on the join form is refused with the reason', { timeout: 60_000 }, async () => {
    await page.getByTestId('sync-join-file').fill(join(dirs.files, 'bea.keelinvite'));
    await page.getByTestId('sync-join-code').fill(code.split('-').reverse().join('-'));
    await page.getByTestId('sync-join').click();
    await page.locator('[data-testid="toast"][data-kind="error"]').filter({ hasText: 'wrong invite code' }).first().waitFor();
    assert.equal((await keel.call('Workspaces')).length, 1, 'nothing was made');
  });

  test('another Keel joins and writes; this one, watching, hears from it', { timeout: 90_000 }, async () => {
    other = await startKeel();
    await other.call('SetIdentity', BEA);
    const joined = await other.call('SyncJoin', join(dirs.files, 'bea.keelinvite'), code, '', dirs.folder);
    assert.equal(joined.workspace.name, 'Harbour Freight');
    await other.call('CreateRecord', 'context_issue', { title: 'Port strike risk', type: 'external' });
    await other.call('SyncFolder', '');
    // No round asked for here: the watcher sees the new files and the screen refreshes.
    await eventually(async () => (await page.getByTestId('sync-device').count()) === 2, { timeout: 60_000, message: 'two devices listed' });
    const rows = await page.getByTestId('sync-device').allInnerTexts();
    assert.ok(rows.some((r) => r.includes('Bea Novak') && !r.includes('Never')), `rows: ${rows}`);
    const list = await keel.call('ListRecords', { kind: 'context_issue' });
    assert.deepEqual(list.records.map((r) => r.title), ['Port strike risk']);
    await shot(page, 'sync-3-devices-light');
    await toggleTheme(page, 'dark');
    await shot(page, 'sync-4-devices-dark');
    await toggleTheme(page, 'light');
  });

  test('remove the other device behind a confirm', { timeout: 60_000 }, async () => {
    const row = page.getByTestId('sync-device').filter({ hasText: 'Bea Novak' });
    await row.getByTestId('sync-remove').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await shot(page, 'sync-5-remove-confirm');
    await page.getByTestId('confirm-ok').click();
    await eventually(async () => (await page.getByTestId('sync-device').count()) === 1, { timeout: 30_000, message: 'one device left' });
    assert.equal((await keel.call('SyncDevices')).length, 1);
    // The removed device learns it on its next round.
    const rep = await other.call('SyncFolder', '');
    assert.match(rep.removed, /removed from the workspace/);
    assert.deepEqual(errors, []);
  });
});
