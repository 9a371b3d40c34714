// End-to-end: when the server-sent event stream drops and comes back, the open register
// reloads, so changes made meanwhile (whose events were missed) show up.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, shot, startKeel } from './helpers.mjs';

let keel;
let browser;

before(async () => {
  keel = await startKeel();
  await keel.call('SetIdentity', { name: 'Rita Reconnect', email: '', role: '' });
  await keel.call('CreateWorkspace', 'Reconnect E2E', false);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await keel?.stop();
});

test('after the event stream reconnects, the register shows what changed meanwhile', { timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  // Wrap EventSource so the test can drop events (as a dead connection would) and then
  // play the browser's own error → reconnect → open sequence.
  await page.addInitScript(() => {
    const Real = window.EventSource;
    window.__keelStreams = [];
    window.EventSource = class extends Real {
      constructor(...args) {
        super(...args);
        this.dropping = false;
        window.__keelStreams.push(this);
      }
      addEventListener(name, cb, opts) {
        const wrapped = (e) => {
          if (this.dropping && e.isTrusted) return;
          cb(e);
        };
        super.addEventListener(name, wrapped, opts);
      }
    };
  });
  await page.goto(keel.url);
  await page.getByTestId('sidebar-kind-interested_party').click();
  await page.getByTestId('list-empty').waitFor();
  await page.waitForFunction(() => window.__keelStreams.length > 0);

  // The connection "drops": events are lost while a change is made elsewhere.
  await page.evaluate(() => {
    const s = window.__keelStreams[0];
    s.dropping = true;
    s.dispatchEvent(new Event('error'));
  });
  await keel.call('CreateRecord', 'interested_party', { name: 'Made while offline', category: 'regulator' });
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(await page.getByTestId('record-row').count(), 0, 'the missed event changed nothing yet');

  // The stream is back: the page reloads the register.
  await page.evaluate(() => {
    const s = window.__keelStreams[0];
    s.dropping = false;
    s.dispatchEvent(new Event('open'));
  });
  await page.getByTestId('record-row').filter({ hasText: 'Made while offline' }).waitFor();
  await shot(page, 'reconnect-refreshed');
  await page.close();
});
