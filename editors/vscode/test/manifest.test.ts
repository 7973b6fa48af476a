// (c) The settings package.json contributes mirror the server's configuration: every
// rule `copydesk rules` lists, every key of schema/copydesk.schema.json, with the same
// value types, levels and defaults. Fails on drift in either direction.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { CLIENT_ONLY_KEYS, serverSettingKeys } from '../src/settings';
import { compareManifest, derivedSettings, readRules, readSchema } from '../tools/settings-spec.mjs';
import { copydeskBinary, extensionRoot, repoRoot } from './support';

const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
const properties: Record<string, any> = manifest.contributes.configuration.properties;
const schema = readSchema(repoRoot);
const rules = readRules(copydeskBinary());
const derived = derivedSettings(schema, rules);

test('package.json settings match the server configuration (npm run sync-settings fixes drift)', () => {
  const problems = compareManifest(properties, derived, CLIENT_ONLY_KEYS);
  assert.deepEqual(problems, [], `settings drifted; run \`npm run sync-settings\` in editors/vscode:\n${problems.join('\n')}`);
});

test('a setting that lets the server read outside the workspace is honoured from user settings only', () => {
  const setting = properties['copydesk.sources.allow-outside'];
  assert.ok(setting, 'no setting copydesk.sources.allow-outside');
  // "machine": VS Code ignores it in a workspace's .vscode/settings.json, which a
  // cloned repository brings with it.
  assert.equal(setting.scope, 'machine');
  const drifted = { ...properties, 'copydesk.sources.allow-outside': { ...setting, scope: undefined } };
  assert.ok(
    compareManifest(drifted, derived, CLIENT_ONLY_KEYS).some((p: string) => p.includes('allow-outside') && p.includes('scope')),
    'the drift check does not notice a lost scope',
  );
});

test('every rule from `copydesk rules` has a severity setting with its default', () => {
  assert.ok(rules.length >= 8, `only ${rules.length} rules listed`);
  const levels = schema.$defs.Level.enum;
  assert.deepEqual(levels, ['off', 'hint', 'information', 'warning', 'error']);
  for (const rule of rules) {
    const setting = properties[`copydesk.rules.${rule.code}`];
    assert.ok(setting, `no setting copydesk.rules.${rule.code}`);
    assert.deepEqual(setting.enum, levels);
    assert.equal(setting.default, rule.severity, rule.code);
  }
});

test('every section of copydesk.toml is reachable from the settings', () => {
  const keys = serverSettingKeys(manifest);
  for (const section of Object.keys(schema.properties)) {
    assert.ok(
      keys.some((key) => key.split('.')[1] === section),
      `schema section \`${section}\` has no setting`,
    );
  }
  assert.ok(keys.includes('copydesk.stylebook.preferred'));
  assert.ok(keys.includes('copydesk.stylebook.reject'));
});

test('the drift check catches a missing rule, a stale key and a changed default', () => {
  const drifted: Record<string, any> = { ...properties };
  delete drifted['copydesk.rules.vague-source'];
  drifted['copydesk.rules.retired-rule'] = { type: 'string' };
  drifted['copydesk.rules.unbalanced-quote'] = { ...properties['copydesk.rules.unbalanced-quote'], default: 'error' };
  const problems = compareManifest(drifted, derived, CLIENT_ONLY_KEYS);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /missing from package.json: copydesk.rules.vague-source/);
  assert.match(problems.join('\n'), /copydesk.rules.retired-rule/);
  assert.match(problems.join('\n'), /unbalanced-quote: `default`/);
});
