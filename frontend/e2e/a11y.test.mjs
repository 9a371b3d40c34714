// End-to-end: every main screen of the demo workspace checked with axe-core (injected into
// the page) in the light and the dark theme: no serious or critical violations.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { keelSuite, setTheme, shot } from './helpers.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The main screens: route, and the test id that shows it has loaded.
const SCREENS = [
  ['home', '#/', 'home-page'],
  ['gap', '#/gap', 'gap-page'],
  ['plan', '#/plan', 'plan-page'],
  ['standards', '#/standards', 'standards-page'],
  ['heatmap', '#/heatmap', 'heatmap-page'],
  ['readiness', '#/readiness', 'readiness-page'],
  ['packs', '#/packs', 'packs-page'],
  ['review', '#/review', 'review-page'],
  ['ai', '#/ai', 'ai-inventory-page'],
  ['risks', '#/k/risk', 'register-page'],
  ['nonconformities', '#/k/nonconformity', 'register-page'],
  ['evidence', '#/evidence', 'evidence-page'],
  ['settings', '#/settings', 'settings-page'],
];

/** Runs axe-core on the page and returns its serious and critical violations, one line each. */
async function seriousViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // @ts-ignore axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`.trim()),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} ×${v.nodes.length}: ${v.nodes.slice(0, 3).join(' | ')}`);
}

describe('Accessibility: axe-core on every main screen, light and dark', { concurrency: false }, () => {
  let page;
  let base;
  keelSuite(
    {
      identity: { name: 'Ada Access', email: 'ada@example.com', role: 'IMS manager' },
      workspace: 'Fenmore demo',
      demo: true,
    },
    (app) => {
      page = app.page;
      base = app.keel.url.replace(/#.*$/, '');
    },
  );

  for (const theme of ['light', 'dark']) {
    test(`no serious or critical violations in the ${theme} theme`, { timeout: 240_000 }, async () => {
      const failures = [];
      for (const [name, route, testid] of SCREENS) {
        await page.goto(base + route);
        await setTheme(page, theme);
        await page.getByTestId(testid).first().waitFor();
        await page.waitForLoadState('networkidle');
        const found = await seriousViolations(page);
        if (found.length) failures.push(`${name}: ${found.join('\n    ')}`);
        if (['home', 'gap', 'heatmap', 'plan', 'risks', 'ai'].includes(name)) await shot(page, `a11y-${name}-${theme}`);
      }
      assert.deepEqual(failures, [], failures.join('\n'));
    });
  }
});
