// Every setting the extension contributes, set to a valid value, is accepted by the
// server without a warning; a setting the server does not know is reported. This is the
// server's side of the drift check.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { buildSettings, initializationOptions, serverSettingKeys } from '../src/settings';
import { extensionRoot, startServer } from './support';

const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
const properties: Record<string, any> = manifest.contributes.configuration.properties;

/** A valid, non-default value for a settings schema. */
function sample(schema: any): unknown {
  if (schema.enum) return schema.enum[schema.enum.length - 1];
  if (schema.anyOf) return sample(schema.anyOf[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'array':
      return [sample(schema.items ?? { type: 'string' })];
    case 'object':
      if (schema.properties) {
        return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sample(v)]));
      }
      return { Kiev: sample(schema.additionalProperties ?? { type: 'string' }) };
    case 'boolean':
      return true;
    case 'number':
    case 'integer':
      return 1;
    default:
      return 'Kyiv';
  }
}

async function complaints(options: unknown): Promise<string[]> {
  const server = startServer(() => null);
  try {
    await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: options,
    });
    await server.connection.sendNotification('initialized', {});
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: options });
    // A request answered after the notification: its warnings have been sent by then.
    await server.connection.sendRequest('shutdown');
    await server.connection.sendNotification('exit');
    return server.messages.filter((m) => m.type <= 2).map((m) => m.message);
  } finally {
    server.process.kill();
  }
}

test('every contributed setting, set, is accepted by the server', async () => {
  const keys = serverSettingKeys(manifest);
  const options = initializationOptions(buildSettings(keys, (key) => sample(properties[key])));
  assert.deepEqual(await complaints(options), [], JSON.stringify(options));
});

test('a setting the server does not know is reported (the check above can fail)', async () => {
  const options = initializationOptions(
    buildSettings(['copydesk.rules.no-such-rule', 'copydesk.colour'], () => 'error'),
  );
  const messages = await complaints(options);
  assert.ok(messages.some((m) => /no-such-rule/.test(m)), JSON.stringify(messages));
  assert.ok(messages.some((m) => /colour/.test(m)), JSON.stringify(messages));
});
