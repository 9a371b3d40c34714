// End-to-end: the Packs screen lists the packs made before (kind, period, when, size), and
// says clearly when one cannot be opened (its file is gone).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, after } from 'node:test';
import { keelSuite, shot } from './helpers.mjs';

const packsDir = await mkdtemp(join(tmpdir(), 'keel-made-packs-'));
after(() => rm(packsDir, { recursive: true, force: true }));

describe('Packs made before', { concurrency: false }, () => {
  let keel;
  let page;
  keelSuite(
    {
      identity: { name: 'Pat Packs', email: 'pat@example.com', role: 'IMS manager' },
      workspace: 'Fenmore demo',
      demo: true,
      env: { KEEL_PACKS_DIR: packsDir },
    },
    (app) => ({ keel, page } = app),
  );

  test('a pack made shows in the list with its kind and period; a gone file says so', { timeout: 120_000 }, async () => {
    await page.goto(keel.url.replace(/#.*$/, '') + '#/packs');
    await page.getByTestId('made-packs-empty').waitFor();

    await page.getByTestId('pack-kind-gap').check();
    await page.getByTestId('pack-from').fill('2026-01-01');
    await page.getByTestId('pack-to').fill('2026-06-30');
    await page.getByTestId('pack-generate').click();
    await page.getByTestId('pack-result').waitFor({ timeout: 60_000 });

    const row = page.getByTestId('made-pack');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-kind'), 'gap');
    const text = await row.innerText();
    assert.match(text, /Gap analysis/i);
    assert.match(await row.getByTestId('made-pack-period').innerText(), /2026.*–.*2026/);
    assert.match(text, /made .* · \d+(\.\d+)? (KB|MB|kB|B)/);
    const file = await row.getAttribute('data-file');
    assert.match(file, /^keel-gap-\d{4}-\d{2}-\d{2}\.pdf$/);
    await shot(page, 'made-packs-list');

    // The file is removed behind Keel's back: Open says it cannot, and why.
    await rm(join(packsDir, file));
    await row.getByTestId('made-pack-open').click();
    const toast = page.getByTestId('toast').filter({ hasText: `Could not open ${file}` });
    await toast.waitFor();
    assert.equal(await toast.getAttribute('data-kind'), 'error');
    assert.match(await toast.innerText(), /gone/);
    await shot(page, 'made-packs-gone');
  });
});
