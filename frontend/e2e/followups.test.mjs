// End-to-end: follow-ups you can see. A monitoring reading past its threshold raises a
// nonconformity with a due date 30 days on, which Home lists as overdue with its owner;
// held reviews and reported audits are not overdue; a resolved incident is not open.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, keelSuite, shot } from './helpers.mjs';

describe('Follow-ups on Home', { concurrency: false }, () => {
  let keel;
  let page;
  keelSuite(
    {
      identity: { name: 'Fola Follow', email: 'fola@example.com', role: 'IMS manager' },
      workspace: 'Fenmore demo',
      demo: true,
      // A drift reading past its threshold, measured 60 days ago: its nonconformity fell due 30 days ago.
      setup: async (keel) => {
        const systems = await keel.call('ListRecords', { kind: 'ai_system' });
        const sys = systems.records.find((r) => r.fields.owner);
        const measured = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
        await keel.call('CreateRecord', 'monitoring_record', {
          title: 'PSI on applicant income, late check',
          ai_system: sys.id,
          metric_type: 'drift',
          value: 0.4,
          threshold: 0.25,
          direction: 'breach when above',
          date: measured,
        });
      },
    },
    (app) => ({ keel, page } = app),
  );

  test('the raised nonconformity is overdue on Home, with its owner', { timeout: 60_000 }, async () => {
    await page.getByTestId('home-page').waitFor();
    const more = page.getByTestId('home-overdue-more');
    if (await more.count()) await more.click();
    const item = page.getByTestId('home-overdue-item').filter({ hasText: 'Monitoring threshold breached: PSI on applicant income, late check' });
    await item.waitFor();
    assert.equal(await item.getAttribute('data-kind'), 'nonconformity');
    const systems = await keel.call('ListRecords', { kind: 'ai_system' });
    const owner = systems.records.find((r) => r.fields.owner).fields.owner;
    assert.equal(await item.getByTestId('due-owner').innerText(), owner);
    assert.match(await item.innerText(), /(29|30|31) days ago/);
    await shot(page, 'followups-home-overdue');
  });

  test('held reviews and reported audits are not overdue; a resolved incident is not open', { timeout: 30_000 }, async () => {
    const overdue = page.getByTestId('home-overdue-item');
    await overdue.first().waitFor();
    for (const kind of ['management_review']) {
      const rows = (await keel.call('ListRecords', { kind })).records.filter((r) => ['held', 'minutes approved'].includes(r.fields.status));
      for (const r of rows) assert.equal(await overdue.filter({ hasText: r.title }).count(), 0, `held review ${r.title} shows overdue`);
    }
    const reported = (await keel.call('ListRecords', { kind: 'audit' })).records.filter((r) => ['reported', 'closed'].includes(r.fields.status));
    for (const r of reported) assert.equal(await overdue.filter({ hasText: r.title }).count(), 0, `reported audit ${r.title} shows overdue`);

    const incidents = (await keel.call('ListRecords', { kind: 'incident' })).records;
    const resolved = incidents.filter((r) => r.fields.status === 'resolved');
    assert.ok(resolved.length > 0, 'the demo has a resolved incident');
    const shown = page.getByTestId('home-incident');
    await eventually(async () => (await shown.count()) === incidents.filter((r) => !['resolved', 'closed'].includes(r.fields.status)).length, {
      message: 'only open incidents on Home',
    });
    for (const r of resolved) assert.equal(await shown.filter({ hasText: r.title }).count(), 0, `resolved incident ${r.title} shows as open`);
  });

  test('the heat map and the review give the same number of risks over appetite', { timeout: 60_000 }, async () => {
    const base = keel.url.replace(/#.*$/, '');
    await page.goto(base + '#/review');
    const tile = page.getByTestId('review-figure-risks').locator('.big');
    await tile.waitFor();
    const review = (await tile.innerText()).trim();
    assert.ok(Number(review) > 0, `the review counts ${review}`);
    await page.goto(base + '#/heatmap');
    await page.getByTestId('heatmap-page').waitFor();
    for (const view of ['Residual', 'Inherent']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await eventually(async () => (await page.getByTestId('heatmap-over-count').innerText()) === `${review} over appetite`, {
        message: `the ${view} heat map says ${review} over appetite`,
      });
    }
    await shot(page, 'followups-heatmap-over');
  });
});
