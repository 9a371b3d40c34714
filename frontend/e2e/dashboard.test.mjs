// End-to-end: the home dashboard (due items, the 72-hour breach clock, objective trends),
// the risk heat map, certification readiness and PDF packs, on the demo workspace, against
// the real backend in headless Chromium. Screenshots in light and dark.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { eventually, idFromUrl, keelSuite, openWorkspace, shot, toggleTheme } from './helpers.mjs';

describe('Dashboard, heat map, readiness and packs', { concurrency: false }, () => {
  let keel;
  let page;
  let errors = [];

  keelSuite({
    identity: { name: 'Dana Dash', email: 'dana@example.com', role: 'IMS manager' },
    workspace: 'Fenmore demo',
    demo: true,
    env: { KEEL_PACK_HOLD: '1200ms' },
    viewport: { width: 1280, height: 860 },
    // A breach found 60 hours ago: 12 hours left on its clock, so it shows red.
    setup: async (keel) => {
      const aware = new Date(Date.now() - 60 * 3_600_000);
      aware.setUTCSeconds(0, 0);
      await keel.call('CreateRecord', 'incident', {
        title: 'Statements sent to old addresses',
        type: 'personal-data breach',
        severity: 'medium',
        status: 'open',
        became_aware_at: aware.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    },
  }, (app) => ({ keel, page, errors } = app));

  const setTheme = (name) => toggleTheme(page, name);

  test('home: due items, breach clocks and objective trends, each a click away', { timeout: 60_000 }, async () => {
    await page.getByTestId('home-page').waitFor();
    assert.equal(await page.getByTestId('sidebar-home').getAttribute('aria-current'), 'page');

    const due = await keel.call('Due', '');
    const overdue = page.getByTestId('home-overdue-item');
    await overdue.first().waitFor();
    // Long lists show the first 8 until asked for the rest.
    assert.equal(await overdue.count(), Math.min(8, due.overdue.length));
    if (due.overdue.length > 8) {
      await page.getByTestId('home-overdue-more').click();
      await eventually(async () => (await overdue.count()) === due.overdue.length, { message: 'all overdue items' });
      await page.getByTestId('home-overdue-more').click();
    }
    assert.equal(await page.getByTestId('tile-overdue').locator('.big').innerText(), String(due.overdue.length));

    // Breach clocks: the demo's fresh breach (about 67 h left) and ours (about 12 h, red).
    const clocks = page.getByTestId('breach-clock');
    await eventually(async () => (await clocks.count()) === 2, { message: 'two breach clocks' });
    const ours = page.getByTestId('home-incident').filter({ hasText: 'Statements sent to old addresses' }).getByTestId('breach-clock');
    assert.equal(await ours.getAttribute('data-tone'), 'urgent');
    assert.match(await ours.innerText(), /^1[12] h \d\d min left/);
    const hours = Number(await ours.getAttribute('data-hours'));
    assert.ok(hours > 11 && hours <= 12, `about 12 hours left, got ${hours}`);
    const demo = page.getByTestId('home-incident').filter({ hasText: "Chatbot showed another customer's balance" }).getByTestId('breach-clock');
    assert.equal(await demo.getAttribute('data-tone'), 'ok');
    assert.match(await demo.innerText(), /^6\d h \d\d min left/);
    // Red means red: the urgent clock's text is in the danger colour, the other is not.
    const colour = (loc) => loc.locator('strong').evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(await colour(ours), await colour(demo));

    // Objective trends: one card per objective, each with its line chart.
    const objectives = (await keel.call('ListRecords', { kind: 'objective' })).total;
    await eventually(async () => (await page.getByTestId('home-objective').count()) === objectives, { message: 'objective cards' });
    assert.ok(objectives > 0);
    assert.equal(await page.getByTestId('home-objective').first().locator('svg polyline').count(), 1);
    await shot(page, 'home-1-light');
    await setTheme('dark');
    await shot(page, 'home-2-dark');
    await page.getByTestId('home-objective').first().scrollIntoViewIfNeeded();
    await shot(page, 'home-4-objectives-dark');
    await setTheme('light');
    await shot(page, 'home-5-objectives-light');
    // Recent changes: newest first, as the op log says, with who made them.
    const recent = await keel.call('RecentChanges', 12);
    await eventually(async () => (await page.getByTestId('home-change').count()) === recent.length, { message: 'recent changes' });
    assert.ok(recent.length > 0);
    assert.match(await page.getByTestId('home-change').first().innerText(), new RegExp(recent[0].actor.name));
    await page.getByTestId('home-changes').scrollIntoViewIfNeeded();
    await shot(page, 'home-6-recent-light');
    await page.getByTestId('home-page').evaluate((el) => el.scrollTo(0, 0));

    // An overdue item opens its record.
    const first = due.overdue[0];
    await overdue.first().click();
    await eventually(async () => idFromUrl(page.url()) === first.id, { message: 'the overdue record opens' });
    await page.getByTestId('record-form').waitFor();

    // Back home, the breach opens its incident.
    await page.getByTestId('sidebar-home').click();
    await page.getByTestId('home-incident').first().waitFor();
    await page.getByTestId('home-incident').filter({ hasText: 'Statements sent to old addresses' }).click();
    await eventually(async () => /#\/k\/incident\//.test(page.url()), { message: 'the incident opens' });
    await page.getByTestId('record-form').waitFor();
  });

  test('heat map: residual and inherent, a lens, a cell lists its risks, a risk opens', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-heatmap').click();
    await page.getByTestId('heatmap-page').waitFor();
    const cells = page.getByTestId('heat-cell');
    await eventually(async () => (await cells.count()) === 25, { message: '5 × 5 cells' });
    assert.equal(await page.getByTestId('heatmap-residual').getAttribute('aria-pressed'), 'true');

    // Top-left is the highest likelihood with the lowest impact.
    assert.equal(await cells.first().getAttribute('data-l'), '5');
    assert.equal(await cells.first().getAttribute('data-i'), '1');

    const map = await keel.call('HeatMap', '', true);
    const counted = await cells.evaluateAll((els) => els.reduce((n, el) => n + Number(el.dataset.count), 0));
    assert.equal(counted, map.total);
    const overCells = page.locator('[data-testid="heat-cell"]:not([data-over="0"])');
    assert.ok((await overCells.count()) > 0, 'some cells hold risks over appetite');

    // Choose the busiest over-appetite cell: its risks are listed.
    const target = map.cells.flat().filter((c) => c.overAppetite > 0).sort((a, b) => b.count - a.count)[0];
    const cell = page.locator(`[data-testid="heat-cell"][data-l="${target.likelihood}"][data-i="${target.impact}"]`);
    await cell.click();
    assert.equal(await cell.getAttribute('aria-selected'), 'true');
    const listed = page.getByTestId('heatmap-cell-risks').getByTestId('heatmap-risk');
    await eventually(async () => (await listed.count()) === target.count, { message: 'the cell’s risks' });
    await shot(page, 'heatmap-1-residual-light');

    // Keyboard: arrows move between cells, Enter chooses.
    await cell.focus();
    await page.keyboard.press(target.likelihood < 5 ? 'ArrowUp' : 'ArrowDown');
    await page.keyboard.press('Enter');
    const moved = target.likelihood < 5 ? target.likelihood + 1 : target.likelihood - 1;
    await eventually(
      async () => (await page.locator(`[data-testid="heat-cell"][aria-selected="true"]`).getAttribute('data-l')) === String(moved),
      { message: 'Enter chooses the focused cell' },
    );

    // Inherent scores, AI lens only.
    await page.getByTestId('heatmap-inherent').click();
    await page.getByTestId('heatmap-lens').selectOption('ai');
    const ai = await keel.call('HeatMap', 'ai', false);
    await eventually(
      async () => (await cells.evaluateAll((els) => els.reduce((n, el) => n + Number(el.dataset.count), 0))) === ai.total,
      { message: 'the AI inherent map' },
    );
    assert.match(await page.getByTestId('heatmap-total').innerText(), new RegExp(`^${ai.total} risks`));
    await setTheme('dark');
    await shot(page, 'heatmap-2-inherent-ai-dark');
    await setTheme('light');

    // Back to the busiest residual cell; a risk opens in the register.
    await page.getByTestId('heatmap-residual').click();
    await page.getByTestId('heatmap-lens').selectOption('');
    await cell.click();
    await eventually(async () => (await listed.count()) === target.count);
    await listed.first().click();
    await eventually(async () => target.riskIds.includes(idFromUrl(page.url())), { message: 'the risk opens' });
    await page.getByTestId('record-form').waitFor();

    // Filter by the busiest owner: each cell counts only that owner's risks from the API.
    await page.getByTestId('sidebar-link-heatmap').click();
    await eventually(async () => (await cells.count()) === 25, { message: 'the map again' });
    const perOwner = new Map();
    for (const r of await keel.call('RiskRegister', '', '', '')) if (r.owner) perOwner.set(r.owner, (perOwner.get(r.owner) ?? 0) + 1);
    const owner = [...perOwner].sort((a, b) => b[1] - a[1])[0][0];
    const mine = new Set((await keel.call('RiskRegister', '', owner, '')).map((r) => r.id));
    const expected = map.cells.flat().map((c) => `${c.likelihood}×${c.impact}:${c.riskIds.filter((id) => mine.has(id)).length}`);
    assert.ok(expected.length && mine.size < map.total + map.unscored.length, 'the owner has some but not all risks');
    await page.getByTestId('heatmap-owner').selectOption(owner);
    const shown = () => cells.evaluateAll((els) => els.map((el) => `${el.dataset.l}×${el.dataset.i}:${el.dataset.count}`));
    await eventually(async () => JSON.stringify((await shown()).sort()) === JSON.stringify([...expected].sort()), { message: 'the owner’s cells' });
    const onMap = map.cells.flat().flatMap((c) => c.riskIds).filter((id) => mine.has(id)).length;
    assert.match(await page.getByTestId('heatmap-total').innerText(), new RegExp(`^${onMap} risks?`));
    await shot(page, 'heatmap-4-filtered-light');
    await page.getByTestId('heatmap-clear-filters').click();
    await eventually(async () => (await cells.evaluateAll((els) => els.reduce((n, el) => n + Number(el.dataset.count), 0))) === map.total);
  });

  test('readiness: four proofs with counts; a missing item opens its record', { timeout: 60_000 }, async () => {
    await page.getByTestId('sidebar-link-readiness').click();
    await page.getByTestId('readiness-page').waitFor();
    const proofs = await keel.call('Readiness');
    const cards = page.getByTestId('readiness-proof');
    await eventually(async () => (await cards.count()) === 4, { message: 'four proofs' });
    for (let i = 0; i < 4; i++) {
      assert.equal(await cards.nth(i).getAttribute('data-ready'), String(proofs[i].ready));
      assert.equal(await cards.nth(i).getByTestId('readiness-count').count(), proofs[i].counts.length);
      assert.match(await cards.nth(i).innerText(), new RegExp(proofs[i].counts[0].text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    await shot(page, 'readiness-1-light');
    await setTheme('dark');
    await shot(page, 'readiness-2-dark');
    await setTheme('light');

    const withMissing = proofs.findIndex((p) => p.missing.some((m) => m.id));
    assert.ok(withMissing >= 0, 'the demo has something missing');
    const m = proofs[withMissing].missing.find((x) => x.id);
    await cards.nth(withMissing).getByTestId('readiness-missing').filter({ hasText: m.title }).first().click();
    await eventually(async () => idFromUrl(page.url()) === m.id, { message: 'the missing record opens' });
    assert.match(page.url(), new RegExp(`#/k/${m.kind}/`));
  });

  test('packs: refuse a bad period, cancel one, make the gap pack with progress, save a copy', { timeout: 90_000 }, async () => {
    await page.getByTestId('sidebar-link-packs').click();
    await page.getByTestId('packs-page').waitFor();

    // The screen offers the packs the backend lists (reports/registry.go), in its order.
    const listed = (await keel.call('Packs')).map((p) => p.kind);
    assert.deepEqual(listed, ['gap', 'soa', 'management-review', 'risk', 'ai-inventory', 'audit']);
    await page.getByTestId(`pack-kind-${listed[0]}`).waitFor();
    const offered = await page.locator('[data-testid^="pack-kind-"]').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(offered, listed);
    assert.equal(await page.getByTestId('pack-kind-gap').isChecked(), true, 'the first pack is chosen');

    // A period that ends before it starts is refused before anything is sent.
    await page.getByTestId('pack-from').fill('2026-12-01');
    await page.getByTestId('pack-to').fill('2026-01-01');
    await page.getByTestId('pack-period-error').waitFor();
    assert.equal(await page.getByTestId('pack-generate').isDisabled(), true);
    await page.getByTestId('pack-from').fill('2026-01-01');
    await page.getByTestId('pack-to').fill('2026-12-31');

    // The server holds each pack (KEEL_PACK_HOLD) so the progress shows and a cancel lands
    // before anything is rendered.
    await page.getByTestId('pack-kind-gap').check();
    await page.getByTestId('pack-generate').click();
    await page.getByTestId('pack-progress').waitFor();
    await page.getByTestId('pack-cancel').click();
    await page.getByTestId('pack-cancelled').waitFor();
    assert.equal(await page.getByTestId('pack-result').count(), 0, 'a cancelled pack shows no file');

    await page.getByTestId('pack-generate').click();
    await page.getByTestId('pack-progress').waitFor();
    assert.match(await page.getByTestId('pack-step').innerText(), /^\d+% · /);
    await shot(page, 'packs-1-progress');
    const result = page.getByTestId('pack-result');
    await result.waitFor({ timeout: 60_000 });
    const pages = Number(await result.getAttribute('data-pages'));
    assert.ok(pages > 1, `a multi-page pack, got ${pages}`);
    assert.match(await page.getByTestId('pack-pages').innerText(), new RegExp(`^${pages} pages · .* · saved$`));
    assert.match(await page.getByTestId('pack-path').getAttribute('title'), /[/\\]packs[/\\]keel-gap-.*\.pdf$/);
    assert.match(await result.innerText(), /keel-gap-\d{4}-\d{2}-\d{2}\.pdf/);

    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByTestId('pack-download').click();
    const d = await download;
    assert.match(d.suggestedFilename(), /^keel-gap-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = await readFile(await d.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const count = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(count, pages, 'the page count shown is the PDF’s');
    await shot(page, 'packs-2-done-light');
    await setTheme('dark');
    await shot(page, 'packs-3-done-dark');
    await setTheme('light');
  });

  test('packs: a cover logo, the SoA narrowed to 42001 and 27701:2019, the review picker', { timeout: 90_000 }, async () => {
    await page.getByTestId('pack-kind-soa').check();
    await page.getByTestId('pack-standards').waitFor();
    assert.equal(await page.getByTestId('pack-review-field').count(), 0, 'no review picker for the SoA');

    // A file that is not an image is refused, and nothing is saved.
    await page.getByTestId('pack-logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await page.getByTestId('pack-logo-error').waitFor();
    assert.match(await page.getByTestId('pack-logo-error').innerText(), /not a PNG or JPEG/);
    assert.equal((await keel.call('GetPackLogo')).data ?? '', '', 'the refused logo was not saved');

    await page.getByTestId('pack-logo-file').setInputFiles(new URL('../../testdata/logo-fenmore.png', import.meta.url).pathname);
    await page.getByTestId('pack-logo-preview').waitFor();
    assert.equal(await page.getByTestId('pack-logo-error').count(), 0);

    await page.getByTestId('pack-std-27001').uncheck();
    await page.getByTestId('pack-std-27701').selectOption('2019');
    await page.getByTestId('pack-version').fill('2.1');
    await page.getByTestId('pack-approver').fill('Siobhán O’Connell');
    await shot(page, 'packs-4-soa-options-light');
    await page.getByTestId('pack-generate').click();
    const result = page.getByTestId('pack-result');
    await eventually(async () => /keel-soa-/.test(await result.innerText().catch(() => '')), { message: 'the SoA is made', timeout: 60_000 });
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByTestId('pack-download').click();
    const pdf = await readFile(await (await download).path());
    assert.ok(pdf.includes('/Subtype /Image'), 'the cover carries the logo');

    // With no standard ticked there is nothing to print: refused in the form.
    await page.getByTestId('pack-std-42001').uncheck();
    await page.getByTestId('pack-std-27701').selectOption('');
    await page.getByTestId('pack-standards-error').waitFor();
    assert.equal(await page.getByTestId('pack-generate').isDisabled(), true);
    await page.getByTestId('pack-std-42001').check();

    await page.getByTestId('pack-kind-management-review').check();
    await page.getByTestId('pack-review').waitFor();
    const options = await page.getByTestId('pack-review').locator('option').allInnerTexts();
    assert.ok(options.length >= 2, `the demo's reviews are offered: ${options}`);
    assert.equal(await page.getByTestId('pack-standards').count(), 0);

    await page.getByTestId('pack-logo-remove').click();
    await page.getByTestId('pack-logo-choose').waitFor();
    assert.equal((await keel.call('GetPackLogo')).data ?? '', '');
  });

  test('layout at 800 px: home, heat map, packs and the review fit', { timeout: 30_000 }, async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    for (const [link, testid, name] of [
      ['sidebar-home', 'home-page', 'layout-800-home'],
      ['sidebar-link-heatmap', 'heatmap-page', 'layout-800-heatmap'],
      ['sidebar-link-packs', 'packs-page', 'layout-800-packs'],
      ['sidebar-link-review', 'review-page', 'layout-800-review'],
    ]) {
      await page.getByTestId(link).click();
      await page.getByTestId(testid).waitFor();
      await page.waitForTimeout(200);
      const overflow = await page.getByTestId(testid).evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(overflow <= 1, `${testid}: no horizontal scrollbar (overflow ${overflow}px)`);
      await shot(page, name);
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test('empty workspace: the screens say what to do', { timeout: 60_000 }, async () => {
    await openWorkspace(keel, page, 'Empty dash');
    await page.getByTestId('home-objectives-empty').waitFor();
    await page.getByTestId('home-incidents-empty').waitFor();
    await page.getByTestId('home-overdue-empty').waitFor();
    await page.getByTestId('home-changes-empty').waitFor();
    await shot(page, 'home-3-empty');
    await page.getByTestId('sidebar-link-heatmap').click();
    await page.getByTestId('heatmap-empty').waitFor();
    assert.match(await page.getByTestId('heatmap-empty').innerText(), /risk register/);
    await setTheme('dark');
    await shot(page, 'heatmap-3-empty-dark');
    await setTheme('light');
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(errors, []);
  });
});
