// (d) The server driven over stdio with vscode-jsonrpc, as the extension drives it:
// the initialization options and workspace/configuration answers come from the
// extension's own settings code, with UTF-16 positions as VS Code uses.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { buildSettings, initializationOptions, serverSettingKeys } from '../src/settings';
import { applyEdits, type Diagnostic, extensionRoot, positionOf, type Server, startServer } from './support';

const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
const keys = serverSettingKeys(manifest);

/** What VS Code would hand the extension: the settings the user set. */
const user: Record<string, unknown> = {
  'copydesk.path': '/not/sent/to/the/server',
  'copydesk.trace.server': 'verbose',
  'copydesk.rules.vague-source': 'warning',
  'copydesk.rules.unsourced-statistic': 'off',
  'copydesk.stylebook.preferred': ['Türkiye'],
};
const settings = () => buildSettings(keys, (key) => user[key]);

const clientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
      isPreferredSupport: true,
    },
    inlayHint: {},
  },
};

let dir: string;
let uri: string;
let text: string;
let server: Server;

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'copydesk-vscode-'));
  const file = path.join(dir, 'ferry-strike.md');
  copyFileSync(path.join(extensionRoot, 'test', 'fixtures', 'ferry-strike.md'), file);
  uri = pathToFileURL(file).href;
  text = readFileSync(file, 'utf8');
  server = startServer((section) => (section === 'copydesk' ? settings() : null));
});

after(async () => {
  server?.process.kill();
  rmSync(dir, { recursive: true, force: true });
});

const codes = (list: Diagnostic[]) => list.map((d) => d.code).sort();

function span(needle: string, from = 0) {
  const start = positionOf(text, needle, from);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

let diagnostics: Diagnostic[];

test('initialize with the extension’s options, open a draft, get the diagnostics', async () => {
  const options = initializationOptions(settings());
  assert.deepEqual(options, {
    copydesk: {
      rules: { 'vague-source': 'warning', 'unsourced-statistic': 'off' },
      stylebook: { preferred: ['Türkiye'] },
    },
  });
  const result: any = await server.connection.sendRequest('initialize', {
    processId: process.pid,
    clientInfo: { name: 'Visual Studio Code', version: '1.82.0' },
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'desk' }],
    capabilities: clientCapabilities,
    initializationOptions: options,
  });
  assert.equal(result.capabilities.positionEncoding ?? 'utf-16', 'utf-16');
  assert.ok(result.capabilities.codeActionProvider, 'code actions');
  assert.ok(result.capabilities.hoverProvider, 'hover');
  await server.connection.sendNotification('initialized', {});

  const expected = ['stylebook-spelling', 'unattributed-quote', 'vague-source'];
  const published = server.diagnostics(uri, (list) => JSON.stringify(codes(list)) === JSON.stringify(expected));
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text },
  });
  diagnostics = await published;

  const byCode = (code: string) => diagnostics.find((d) => d.code === code)!;
  // After "💡 " — two UTF-16 code units for the emoji, one for the space.
  assert.deepEqual(byCode('vague-source').range, span('Officials said'));
  assert.equal(byCode('vague-source').range.start.character, 3);
  assert.equal(byCode('vague-source').severity, 2, 'vague-source raised to warning by the setting');
  // After a second emoji on the same line.
  assert.deepEqual(byCode('stylebook-spelling').range, span('Turkey'));
  assert.match(byCode('stylebook-spelling').message, /Türkiye/);
  const quote = '“We have a timetable to keep and passengers to move.”';
  assert.deepEqual(byCode('unattributed-quote').range, span(quote));
  assert.equal(byCode('unattributed-quote').severity, 4, 'a hint by default');

  const complaints = server.messages.filter((m) => m.type <= 2);
  assert.deepEqual(complaints, [], 'the server rejected part of the settings');
});

test('a quick fix attributes the quotation', async () => {
  const diagnostic = diagnostics.find((d) => d.code === 'unattributed-quote')!;
  const actions: any[] = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'], triggerKind: 1 },
  });
  const titles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.title === 'Attribute to Solberg');
  assert.ok(fix, `no "Attribute to Solberg" among ${JSON.stringify(titles)}`);
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.diagnostics?.[0]?.code, 'unattributed-quote');
  const edits = fix.edit.changes?.[uri] ?? fix.edit.documentChanges?.[0]?.edits;
  assert.ok(edits?.length, JSON.stringify(fix.edit));
  const fixed = applyEdits(text, edits);
  const line = fixed.split('\n')[diagnostic.range.start.line];
  assert.equal(line, '“We have a timetable to keep and passengers to move,” Solberg said.');
  assert.ok(titles.includes('Ignore unattributed-quote on this line'), JSON.stringify(titles));
});

test('a quick fix applies the stylebook spelling on the emoji line', async () => {
  const diagnostic = diagnostics.find((d) => d.code === 'stylebook-spelling')!;
  const actions: any[] = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.diagnostics?.[0]?.code === 'stylebook-spelling' && a.edit?.changes?.[uri]);
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const fixed = applyEdits(text, fix.edit.changes[uri]);
  assert.match(fixed.split('\n')[diagnostic.range.start.line], /🚢 Ships bound for Türkiye were held/);
  // With no copydesk.toml, "Add to the stylebook" creates one (the client can create files).
  const add = actions.find((a) => /to the stylebook/.test(a.title));
  assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(add.edit.documentChanges?.[0]?.kind, 'create');
  assert.match(add.edit.documentChanges[0].uri, /copydesk\.toml$/);
});

test('a changed setting reaches the server (didChangeConfiguration, then workspace/configuration)', async () => {
  user['copydesk.rules.unattributed-quote'] = 'off';
  user['copydesk.rules.vague-source'] = 'hint';
  const published = server.diagnostics(uri, (list) => !codes(list).includes('unattributed-quote'));
  await server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: initializationOptions(settings()),
  });
  const list = await published;
  assert.deepEqual(codes(list), ['stylebook-spelling', 'vague-source']);
  assert.equal(list.find((d) => d.code === 'vague-source')!.severity, 4, 'hint');
});

test('shutdown and exit end the server with status 0', async () => {
  assert.equal(await server.stop(), 0);
});

test('the tests speak through the same vscode-jsonrpc the language client bundles', () => {
  const protocol = path.dirname(require.resolve('vscode-languageserver-protocol/package.json', {
    paths: [path.dirname(require.resolve('vscode-languageclient/package.json'))],
  }));
  const clientJsonrpc = require.resolve('vscode-jsonrpc/package.json', { paths: [protocol] });
  assert.equal(clientJsonrpc, require.resolve('vscode-jsonrpc/package.json'), 'one vscode-jsonrpc in node_modules');
});
