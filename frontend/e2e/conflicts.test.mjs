// End-to-end: two Keels (two data folders, like two laptops) sync one workspace through one
// folder over the HTTP API, change the same fields, delete what the other edits and each
// record a risk method while apart. The first one's conflict inbox shows it all with a count
// in the sidebar; it is settled from the keyboard (a pick, a merged value, a restore), the
// rule flag links to its record, and once it is fixed the inbox is empty, on both devices.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, openKeel, setTheme, shot, startKeel } from './helpers.mjs';

let app; // the laptop, in the browser
let office; // the other device, through its API only
let folder;

const method = (title) => ({ title, likelihood_levels: 5, impact_levels: 5 });

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'keel-e2e-folder-'));
  app = await openKeel({ identity: { name: 'Ada Laptop', email: '', role: '' }, workspace: 'Fenmore' });
  office = await startKeel();
  const laptop = app.keel;
  await office.call('SetIdentity', { name: 'Bo Office', email: '', role: '' });
  await office.call('CreateWorkspace', 'Fenmore (office)', false);

  const issue = await laptop.call('CreateRecord', 'context_issue', { title: 'Supplier churn', type: 'external', description: 'Seen in Q2' });
  const party = await laptop.call('CreateRecord', 'interested_party', { name: 'Regulator', category: 'regulator' });
  await laptop.call('SyncFolder', folder);
  // The office device joins: the workspace's sync id and key, its own device key (what an
  // invite will carry).
  const cfg = JSON.parse(await readFile(join((await laptop.call('CurrentWorkspace')).path, 'sync.json'), 'utf8'));
  const officeCfg = { syncId: cfg.syncId, key: cfg.key, deviceSeed: randomBytes(32).toString('base64') };
  await writeFile(join((await office.call('CurrentWorkspace')).path, 'sync.json'), JSON.stringify(officeCfg), { mode: 0o600 });
  assert.equal((await office.call('SyncFolder', folder)).received > 0, true);

  // Apart.
  await laptop.call('UpdateRecord', 'context_issue', issue.id, { title: 'Supplier churn (laptop)', description: 'Seen in Q3' });
  await office.call('UpdateRecord', 'context_issue', issue.id, { title: 'Supplier churn (office)', description: 'Seen in Q4' });
  await laptop.call('DeleteRecord', 'interested_party', party.id);
  await office.call('UpdateRecord', 'interested_party', party.id, { name: 'Regulator (FCA)' });
  await laptop.call('CreateRecord', 'risk_method', method('Laptop method'));
  await office.call('CreateRecord', 'risk_method', method('Office method'));

  await laptop.call('SyncFolder', '');
  await office.call('SyncFolder', '');
  await laptop.call('SyncFolder', '');
});

after(async () => {
  await app?.close();
  await office?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Presses Tab until the element with this test id (and text) has the focus. */
async function tabTo(page, testid, text) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const el = document.activeElement;
      const card = el?.closest('[data-testid="conflict-value"]');
      return { id: el?.getAttribute('data-testid') ?? '', text: card?.textContent ?? el?.textContent ?? '' };
    });
    if (here.id === testid && (!text || here.text.includes(text))) return;
  }
  throw new Error(`Tab never reached ${testid} ${text ?? ''}`);
}

test('the conflict inbox shows what two devices did apart, and settles it from the keyboard', { timeout: 120_000 }, async () => {
  const { page, keel, errors } = app;
  const badge = page.getByTestId('sidebar-link-conflicts-badge');
  await eventually(async () => (await badge.innerText()) === '4', { message: 'the sidebar counts 2 field conflicts, a delete and a flag' });

  await page.getByTestId('sidebar-link-conflicts').click();
  const inbox = page.getByTestId('conflicts-page');
  await inbox.waitFor();
  const cards = inbox.getByTestId('conflict');
  await eventually(async () => (await cards.count()) === 3, { message: 'three conflicts' });
  const title = inbox.locator('[data-testid="conflict"][data-field="title"]');
  assert.match(await title.innerText(), /Supplier churn \(laptop\)[\s\S]*Ada Laptop[\s\S]*Supplier churn \(office\)[\s\S]*Bo Office/);
  const deleted = inbox.locator('[data-testid="conflict"][data-type="delete"]');
  assert.match(await deleted.innerText(), /Deleted[\s\S]*Ada Laptop[\s\S]*Party:\s*Regulator \(FCA\)[\s\S]*Bo Office/);
  const flag = inbox.getByTestId('conflict-flag');
  assert.equal(await flag.getAttribute('data-rule'), 'risk-method');
  assert.match(await flag.innerText(), /2 risk methods[\s\S]*delete this one/);
  await shot(page, 'conflicts-inbox-light');
  await setTheme(page, 'dark');
  await shot(page, 'conflicts-inbox-dark');
  await setTheme(page, 'light');

  // Keep the office's description: Tab to its "Keep this", Enter.
  await tabTo(page, 'conflict-pick', 'Seen in Q4');
  await page.keyboard.press('Enter');
  await eventually(async () => (await cards.count()) === 2, { message: 'the description conflict gone' });

  // Write a merged title.
  await tabTo(page, 'conflict-merge');
  await page.keyboard.press('Enter');
  const input = title.getByTestId('field-title');
  await input.focus();
  await input.fill('Supplier churn (both offices)');
  await shot(page, 'conflicts-merge-light');
  await page.keyboard.press('Enter');
  await eventually(async () => (await cards.count()) === 1, { message: 'the title conflict gone' });

  // Restore the party with the office's edit.
  await tabTo(page, 'conflict-restore');
  await page.keyboard.press(' ');
  await eventually(async () => (await cards.count()) === 0, { message: 'the delete settled' });
  await eventually(async () => (await badge.innerText()) === '1', { message: 'the badge counts the flag left' });

  const issue = (await keel.call('ListRecords', { kind: 'context_issue' })).records[0];
  assert.equal(issue.title, 'Supplier churn (both offices)');
  assert.equal(issue.fields.description, 'Seen in Q4');
  assert.equal(issue.conflicts, undefined);
  const party = (await keel.call('ListRecords', { kind: 'interested_party' })).records[0];
  assert.equal(party.title, 'Regulator (FCA)');

  // The flag's link opens the second risk method; deleting it clears the flag.
  await flag.getByTestId('conflict-flag-record').click();
  await eventually(async () => /#\/k\/risk_method\//.test(page.url()), { message: 'the risk method opened' });
  const methods = (await keel.call('ListRecords', { kind: 'risk_method' })).records;
  const second = methods.find((m) => page.url().endsWith(m.id));
  assert.ok(second, 'the link names a risk method');
  await keel.call('DeleteRecord', 'risk_method', second.id);
  await page.getByTestId('sidebar-link-conflicts').click();
  await inbox.getByTestId('conflicts-empty').waitFor();
  assert.match(await inbox.getByTestId('conflicts-empty').innerText(), /No conflicts[\s\S]*two devices change the same field/);
  await eventually(async () => (await badge.count()) === 0, { message: 'no badge with nothing to settle' });
  await shot(page, 'conflicts-empty-light');
  await setTheme(page, 'dark');
  await shot(page, 'conflicts-empty-dark');

  // The resolutions are ordinary ops: after a round, the office has nothing left either.
  await keel.call('SyncFolder', '');
  await office.call('SyncFolder', '');
  const left = await office.call('Conflicts');
  assert.deepEqual(left, { conflicts: [], flags: [] });
  assert.deepEqual(errors, []);
});
