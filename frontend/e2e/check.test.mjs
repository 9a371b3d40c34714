// End-to-end: Settings › Check workspace runs the integrity check and shows its result:
// all is well on a sound workspace; an evidence file altered on disk is named as a problem.
import assert from 'node:assert/strict';
import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventually, keelSuite, shot } from './helpers.mjs';

let keel, page, errors;
keelSuite({ identity: { name: 'Ada Lovelace', email: 'ada@example.com', role: 'ISMS manager' }, workspace: 'Fenmore' }, (app) => {
  ({ keel, page, errors } = app);
});

test('Check workspace reports all is well, then an altered evidence file', async () => {
  const issue = await keel.call('CreateRecord', 'context_issue', { title: 'Board minutes', type: 'internal' });
  await keel.call('AttachFile', 'context_issue', issue.id, 'minutes.txt', Buffer.from('the minutes').toString('base64'));
  await page.evaluate(() => (location.hash = '#/settings'));
  await page.getByTestId('settings-check').click();
  const result = page.getByTestId('settings-check-result');
  await eventually(async () => (await result.count()) === 1, { message: 'the check shows its result' });
  assert.match(await result.innerText(), /All is well: .* 1 evidence files checked/);
  await shot(page, 'settings-check-ok');

  const blobs = join((await keel.call('CurrentWorkspace')).path, 'blobs');
  const [name] = await readdir(blobs);
  await chmod(join(blobs, name), 0o600);
  await writeFile(join(blobs, name), 'the minutes, altered');
  await page.getByTestId('settings-check').click();
  await eventually(async () => /1 problem found/.test(await result.innerText()), { message: 'the problem is reported' });
  assert.match(await result.innerText(), /minutes\.txt/);
  await shot(page, 'settings-check-problem');
  assert.deepEqual(errors, []);
});
