// (a) The extension bundles into one file that needs nothing but `vscode` and Node,
// with the copydesk.toml schema copied beside it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { extensionRoot, repoRoot } from './support';

// Built into a directory of its own: the packaging test rebuilds dist/ at the same time.
const outdir = mkdtempSync(path.join(os.tmpdir(), 'copydesk-dist-'));
after(() => rmSync(outdir, { recursive: true, force: true }));

test('the build writes extension.js and the schema', () => {
  execFileSync(process.execPath, ['esbuild.mjs', '--outdir', outdir], { cwd: extensionRoot, stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  const bundle = readFileSync(path.join(outdir, 'extension.js'), 'utf8');
  const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const foreign = [...required].filter((name) => name !== 'vscode' && !builtins.has(name));
  assert.deepEqual(foreign, [], 'the bundle must not require packages (vsce packages without node_modules)');
  assert.ok(required.has('vscode'));

  const schema = readFileSync(path.join(repoRoot, 'schema', 'copydesk.schema.json'), 'utf8');
  assert.equal(readFileSync(path.join(outdir, 'copydesk.schema.json'), 'utf8'), schema);
  const [validation] = manifest.contributes.tomlValidation;
  assert.equal(validation.url, './dist/copydesk.schema.json');
  const match = new RegExp(validation.regexMatch);
  assert.ok(match.test('file:///home/reporter/desk/copydesk.toml'));
  assert.ok(match.test('file:///home/reporter/desk/.copydesk.toml'));
  assert.ok(!match.test('file:///home/reporter/desk/Cargo.toml'));
});

test('the bundle loads and exports activate and deactivate', () => {
  // A stand-in for the `vscode` module: every member is a class, enough for the
  // language client's module-level code.
  const stub: any = new Proxy({}, { get: (_target, name) => (name === '__esModule' ? false : class {}) });
  const load = (Module as any)._load;
  (Module as any)._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    const extension = require(path.join(outdir, 'extension.js'));
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
  } finally {
    (Module as any)._load = load;
  }
});
