// The settings object sent to the server and the lookup of the server binary.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import {
  bundledServer,
  defaultEnvironment,
  type Environment,
  ensureBundledExecutable,
  pathSettingCommand,
  resolveServer,
} from '../src/server-path';
import { buildSettings, initializationOptions, serverSettingKeys } from '../src/settings';

const manifest = {
  contributes: {
    configuration: {
      properties: {
        'copydesk.path': {},
        'copydesk.trace.server': {},
        'copydesk.rules.vague-source': {},
        'copydesk.rules.unbalanced-quote': {},
        'copydesk.stylebook.preferred': {},
        'copydesk.vague-sources.add': {},
      },
    },
  },
};

test('only settings the user set are sent, nested in the copydesk.toml shape', () => {
  const keys = serverSettingKeys(manifest);
  assert.deepEqual(keys, [
    'copydesk.rules.vague-source',
    'copydesk.rules.unbalanced-quote',
    'copydesk.stylebook.preferred',
    'copydesk.vague-sources.add',
  ]);
  const user: Record<string, unknown> = {
    'copydesk.path': '/opt/copydesk',
    'copydesk.rules.vague-source': 'warning',
    'copydesk.stylebook.preferred': ['Kyiv'],
    'copydesk.vague-sources.add': ['insiders whisper'],
  };
  assert.deepEqual(initializationOptions(buildSettings(keys, (key) => user[key])), {
    copydesk: {
      rules: { 'vague-source': 'warning' },
      stylebook: { preferred: ['Kyiv'] },
      'vague-sources': { add: ['insiders whisper'] },
    },
  });
  assert.deepEqual(buildSettings(keys, () => undefined), {});
});

function environment(files: string[], env: Record<string, string> = {}, extra: Partial<Environment> = {}): Environment {
  return {
    env,
    platform: 'linux',
    home: '/home/reporter',
    workspaceFolder: '/home/reporter/desk',
    isExecutable: (file) => files.includes(file),
    ...extra,
  };
}

const extensionFolder = '/home/reporter/.vscode/extensions/copydesk.copydesk-0.1.0-linux-x64';

test('the copydesk.path setting wins, relative to the workspace folder', () => {
  const files = ['/home/reporter/desk/bin/copydesk', '/usr/bin/copydesk'];
  assert.deepEqual(resolveServer('bin/copydesk', environment(files, { PATH: '/usr/bin' })), {
    found: true,
    path: path.join('/home/reporter/desk', 'bin/copydesk'),
    from: 'setting',
  });
  const missing = resolveServer('~/nowhere/copydesk', environment(files));
  assert.equal(missing.found, false);
  assert.match(!missing.found ? missing.message : '', /copydesk\.path.*\/home\/reporter\/nowhere\/copydesk/);
});

test('then PATH, then Cargo’s bin directory', () => {
  assert.deepEqual(resolveServer('', environment(['/usr/local/bin/copydesk'], { PATH: '/usr/bin:/usr/local/bin' })), {
    found: true,
    path: '/usr/local/bin/copydesk',
    from: 'PATH',
  });
  assert.deepEqual(resolveServer(undefined, environment(['/home/reporter/.cargo/bin/copydesk'], { PATH: '/usr/bin' })), {
    found: true,
    path: '/home/reporter/.cargo/bin/copydesk',
    from: 'cargo',
  });
});

test('the server inside the extension comes before PATH, after the setting', () => {
  const bundled = path.join(extensionFolder, 'server', 'copydesk');
  const files = [bundled, '/usr/bin/copydesk', '/home/reporter/desk/bin/copydesk'];
  const env = { PATH: '/usr/bin' };
  assert.deepEqual(resolveServer('', environment(files, env, { extensionFolder })), {
    found: true,
    path: bundled,
    from: 'bundled',
  });
  const fromSetting = resolveServer('bin/copydesk', environment(files, env, { extensionFolder }));
  assert.equal(fromSetting.found && fromSetting.from, 'setting');
  // A .vsix for all platforms carries no server: PATH as before.
  assert.deepEqual(resolveServer('', environment(['/usr/bin/copydesk'], env, { extensionFolder })), {
    found: true,
    path: '/usr/bin/copydesk',
    from: 'PATH',
  });
  const windows = bundledServer('C:\\ext', 'win32');
  assert.match(windows, /server.copydesk\.exe$/);
});

test('on disk: a bundled server that lost its executable bit is repaired and found before PATH', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'copydesk-bundled-'));
  try {
    const extension = path.join(dir, 'extension');
    const bin = path.join(dir, 'bin');
    mkdirSync(path.join(extension, 'server'), { recursive: true });
    mkdirSync(bin);
    const bundled = bundledServer(extension, process.platform);
    writeFileSync(bundled, '#!/bin/sh\n');
    chmodSync(bundled, 0o644);
    writeFileSync(path.join(bin, 'copydesk'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'copydesk'), 0o755);
    const onDisk = { ...defaultEnvironment(undefined, extension), env: { PATH: bin } };

    if (process.platform !== 'win32') {
      // Not executable (even for root: execution needs one x bit): PATH's is used.
      assert.deepEqual(resolveServer('', onDisk), { found: true, path: path.join(bin, 'copydesk'), from: 'PATH' });
    }
    assert.equal(ensureBundledExecutable(extension), true);
    assert.equal(statSync(bundled).mode & 0o111, 0o111);
    assert.deepEqual(resolveServer('', onDisk), { found: true, path: bundled, from: 'bundled' });
    assert.equal(ensureBundledExecutable(path.join(dir, 'elsewhere')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no binary: a message naming the PATH searched and the install command', () => {
  const result = resolveServer(undefined, environment([], { PATH: '/usr/bin:/opt/tools/bin' }));
  assert.equal(result.found, false);
  const message = !result.found ? result.message : '';
  assert.match(message, /not found: not in this extension, not on PATH \(\/usr\/bin:\/opt\/tools\/bin\)/);
  assert.match(message, /not in \/home\/reporter\/\.cargo\/bin/);
  assert.match(message, /cargo install copydesk/);
  assert.match(message, /cargo install --path \./);
  assert.doesNotMatch(message, /remote host/);
  const empty = resolveServer(undefined, environment([], {}));
  assert.match(!empty.found ? empty.message : '', /PATH \(empty\)/);
});

test('in a remote window the message names the host and the Remote settings', () => {
  const result = resolveServer(undefined, environment([], { PATH: '/usr/bin' }, { remoteName: 'ssh-remote' }));
  const message = !result.found ? result.message : '';
  assert.match(message, /on the remote host \(ssh-remote; set `copydesk\.path` in its Remote settings/);
  assert.match(message, /PATH \(\/usr\/bin\)/);
});

test('"Open Settings" opens the tab where copydesk.path applies', () => {
  assert.deepEqual(pathSettingCommand(undefined), {
    command: 'workbench.action.openSettings',
    args: ['copydesk.path'],
  });
  for (const remote of ['ssh-remote', 'wsl', 'codespaces']) {
    assert.deepEqual(pathSettingCommand(remote), {
      command: 'workbench.action.openRemoteSettings',
      args: [{ query: 'copydesk.path' }],
    });
  }
});
