// The settings object sent to the server and the lookup of the server binary.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { type Environment, resolveServer } from '../src/server-path';
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

function environment(files: string[], env: Record<string, string> = {}): Environment {
  return {
    env,
    platform: 'linux',
    home: '/home/reporter',
    workspaceFolder: '/home/reporter/desk',
    isExecutable: (file) => files.includes(file),
  };
}

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

test('no binary: a message with the install command', () => {
  const result = resolveServer(undefined, environment([], { PATH: '/usr/bin' }));
  assert.equal(result.found, false);
  const message = !result.found ? result.message : '';
  assert.match(message, /not found on PATH/);
  assert.match(message, /cargo install copydesk/);
  assert.match(message, /cargo install --path \./);
});
