// Helpers for the browser end-to-end tests: start the real backend (`$KEEL_BIN serve`) on a
// fresh data folder, drive headless Chromium with playwright-core, save screenshots.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(here, 'screenshots');

const READY = /Keel is ready at (http:\/\/\S+)/;

/**
 * Starts `KEEL_BIN serve --data <fresh dir> --addr 127.0.0.1:0` and waits for its ready line.
 * Returns the page URL (with the token), an HTTP `call` for checks behind the UI, and `stop`.
 */
export async function startKeel({ timeoutMs = 30_000, env = {} } = {}) {
  const bin = process.env.KEEL_BIN;
  if (!bin) {
    throw new Error(
      'KEEL_BIN is not set. Build the backend first (e.g. `go build -tags headless -o build/bin/keel-headless .` ' +
        'after `npm run build` in frontend/) and run: KEEL_BIN=$PWD/build/bin/keel-headless npm run e2e',
    );
  }
  if (!existsSync(bin)) throw new Error(`KEEL_BIN=${bin} does not exist`);
  const data = await mkdtemp(join(tmpdir(), 'keel-e2e-'));
  const proc = spawn(bin, ['serve', '--data', data, '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, KEEL_DATA: data },
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keel serve printed no ready line in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    let buf = '';
    proc.stdout.on('data', (chunk) => {
      buf += chunk;
      log += chunk;
      const m = READY.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr.on('data', (chunk) => {
      log += chunk;
    });
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`keel serve exited with ${code} before it was ready:\n${log}`));
    });
  });
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const origin = u.origin;

  async function call(method, ...args) {
    const res = await fetch(`${origin}/api/call/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Keel-Token': token },
      body: JSON.stringify(args),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    await rm(data, { recursive: true, force: true });
  }

  return { url, origin, token, data, call, stop, log: () => log };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Starts Keel (with `env` added to its environment) with an identity and a workspace (the
 * demo's with `demo`), lets `setup(keel)` add records through the API, and opens it in a
 * fresh browser page; uncaught page errors collect in `errors`. `close` stops both.
 */
export async function openKeel({ identity, workspace, demo = false, viewport = { width: 1360, height: 860 }, env = {}, setup }) {
  const keel = await startKeel({ env });
  let browser;
  const close = async () => {
    await browser?.close();
    await keel.stop();
  };
  try {
    await keel.call('SetIdentity', identity);
    await keel.call('CreateWorkspace', workspace, demo);
    await setup?.(keel);
    browser = await launchBrowser();
    const { page, errors } = await openApp(browser, keel.url, { viewport });
    return { keel, browser, page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Declares the suite's `before`, which opens Keel as openKeel does with `options` and hands
 * the app (keel, page, errors) to `ready`, and its `after`, which closes both.
 */
export function keelSuite(options, ready) {
  let app;
  before(async () => {
    app = await openKeel(options);
    ready(app);
  });
  after(async () => {
    await app?.close();
  });
}

/**
 * Switches the page to the light or dark theme as the toggle does (stored choice, data-theme),
 * without clicking: the toggle is out of reach while a modal dialog is open.
 */
export async function setTheme(page, name) {
  await page.evaluate((t) => {
    localStorage.setItem('keel.theme', t);
    document.documentElement.dataset.theme = t;
    document.documentElement.style.colorScheme = t;
  }, name);
}

/** Switches to the light or dark theme with the shell's toggle, and waits until it shows. */
export async function toggleTheme(page, name) {
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  if ((await theme()) !== name) await page.getByTestId('theme-toggle').click();
  await eventually(async () => (await theme()) === name, { message: `the ${name} theme` });
}

/** Creates a workspace through the API (the demo's with `demo`), reloads the app into it and waits for Home. */
export async function openWorkspace(keel, page, name, demo = false) {
  await keel.call('CreateWorkspace', name, demo);
  await page.goto(keel.url.replace(/#.*$/, ''));
  await page.getByTestId('home-page').waitFor();
}

/**
 * Opens the History tab of the record shown and checks it names `actor` on the change of
 * the field labelled `field` to `value`.
 */
export async function expectHistoryChange(page, { field, value, actor }) {
  await page.getByTestId('detail-tab-history').click();
  await page.getByTestId('history-panel').waitFor();
  const change = page
    .getByTestId('history-entry')
    .filter({ has: page.getByTestId('history-field').filter({ hasText: field }) })
    .filter({ hasText: value });
  await change.first().waitFor();
  assert.match(await change.first().getByTestId('history-actor').innerText(), new RegExp(actor));
}

export async function shot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Items every shipped catalogue build holds, for fields of catalogue references (Field.refs). */
const KNOWN_REFS = ['iso42001-2023:A.6.2.4', 'iso42001-2023:A.6.2.5', 'iso27001-2022:A.5.15'];

/** The n-th valid catalogue reference (catalogue:id), for a field with `refs`. */
export const refValue = (n = 0) => KNOWN_REFS[n % KNOWN_REFS.length];

/**
 * Sets a form input for a field of the schema: the first option of a choice (after the
 * empty one), the first box of a multiple choice, a ticked box, or else the text.
 */
export async function setInput(input, field, text) {
  switch (field.type) {
    case 'enum':
      await input.selectOption(field.options[0]);
      break;
    case 'multienum':
      await input.locator('input[type=checkbox]').first().check();
      break;
    case 'bool':
      await input.check();
      break;
    default:
      await input.fill(text);
  }
}

/** A value that satisfies a field of the schema, for filling required fields generically. */
export async function fillField(page, field, text) {
  const input = page.getByTestId('record-form').getByTestId(`field-${field.name}`);
  if (field.refs) {
    // The backend refuses anything but items of the shipped catalogues.
    await input.fill(refValue());
    return;
  }
  if (field.type === 'link' || field.type === 'links') {
    // The searchable picker: open it and take the first record offered.
    await input.click();
    await page.getByTestId('link-option').first().click();
    return;
  }
  const typed = { date: '2026-03-31', number: '3' };
  await setInput(input, field, typed[field.type] ?? text);
}

/** The record id in the page's hash route (#/k/<kind>/<id>). */
export function idFromUrl(url) {
  const m = /#\/k\/[^/]+\/([^/?#]+)$/.exec(url);
  return m && m[1] !== 'new' ? decodeURIComponent(m[1]) : null;
}

/** Polls fn until it returns something truthy, or throws its last failure after timeout. */
export async function eventually(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = new Error(`${message}: got ${JSON.stringify(v)}`);
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw last;
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Opens the app at `url` in a new page of a fresh context of `browser` and waits for the shell.
 * Page errors are collected in the returned `errors` (a suite checks it is still empty).
 */
export async function openApp(browser, url, { viewport = { width: 1360, height: 900 }, colorScheme = 'light', ...context } = {}) {
  const ctx = await browser.newContext({ viewport, colorScheme, acceptDownloads: true, ...context });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.getByTestId('app-shell').waitFor();
  return { page, errors };
}

/**
 * The record-form steps the register flows share, on `page` against `keel`: the form and
 * its fields, a new record from the sidebar, a pick in a link field, saving a new record
 * (its id from the URL, once stored) and opening a record by id.
 */
export function recordSteps(getPage, getKeel) {
  const page = () => getPage();
  const form = () => page().getByTestId('record-form');
  const field = (name) => form().getByTestId(`field-${name}`);
  return {
    form,
    field,
    /** Opens a register from the sidebar and starts a new record. */
    async newRecord(kind) {
      await page().getByTestId(`sidebar-kind-${kind}`).click();
      await eventually(async () => (await page().getByTestId('register-page').getAttribute('data-kind')) === kind, { message: `${kind} register` });
      await page().getByTestId('record-new').click();
      await form().waitFor();
    },
    /** Picks a record in a link field by typing part of its title. */
    async link(name, title) {
      await field(name).fill(title.split(' ')[0]);
      await page().getByTestId('link-option').filter({ hasText: title }).first().click();
      await form().getByTestId(`field-${name}-chips`).getByTestId('link-chip').filter({ hasText: title }).waitFor();
    },
    /** Saves a new record and returns its id from the URL. */
    async saveNew(kind) {
      await page().getByTestId('form-save').click();
      const id = await eventually(() => idFromUrl(page().url()), { message: `the new ${kind} id in the URL` });
      await eventually(async () => (await getKeel().call('GetRecord', kind, id)).id === id, { message: `${kind} stored` });
      return id;
    },
    async openRecord(kind, id) {
      await page().evaluate((h) => (location.hash = h), `#/k/${kind}/${id}`);
      await eventually(async () => idFromUrl(page().url()) === id);
      await form().waitFor();
      await eventually(async () => (await page().getByTestId('detail-title').innerText()).length > 0);
    },
  };
}
