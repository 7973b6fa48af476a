// The VS Code settings that mirror the server's configuration, derived from the two
// sources of truth in the repository: the JSON schema of copydesk.toml
// (schema/copydesk.schema.json) for the sections and their value types, and
// `copydesk rules` for the rule codes and their default severities.
//
// Used by `npm run sync-settings` to write package.json's settings and by the drift test
// to check that package.json still matches.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** schema/copydesk.schema.json of the repository at `repoRoot`. */
export function readSchema(repoRoot) {
  return JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'copydesk.schema.json'), 'utf8'));
}

/** The copydesk binary to ask: $COPYDESK_BIN or the repository's debug build. */
export function copydeskBinary(repoRoot) {
  return process.env.COPYDESK_BIN || path.join(repoRoot, 'target', 'debug', 'copydesk');
}

/** `copydesk rules` as [{ code, severity, summary }]. */
export function readRules(binary) {
  const out = execFileSync(binary, ['rules'], { encoding: 'utf8' });
  const rules = [];
  for (const line of out.split('\n')) {
    const match = /^(\S+)\s+(\S+)\s+(.*\S)\s*$/.exec(line);
    if (match) rules.push({ code: match[1], severity: match[2], summary: match[3] });
  }
  if (rules.length === 0) throw new Error(`\`${binary} rules\` listed no rules:\n${out}`);
  return rules;
}

/** `schema` with every local `$ref` replaced by its target (VS Code settings cannot follow them). */
function inline(node, schema) {
  if (Array.isArray(node)) return node.map((item) => inline(item, schema));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const target = node.$ref.replace(/^#\//, '').split('/').reduce((at, key) => at[key], schema);
    const { $ref, ...rest } = node;
    return inline({ ...target, ...rest }, schema);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = inline(value, schema);
  return out;
}

function describe(fragment, fallback) {
  const text = fragment.description ?? fallback;
  return text ? text.replace(/\n/g, ' ') : undefined;
}

/**
 * Settings that widen what the server may read: honoured only from the user's own
 * settings ("machine" scope), so a cloned repository's .vscode/settings.json cannot
 * turn them on.
 */
export const USER_ONLY = ['copydesk.sources.allow-outside'];

/**
 * The settings the server's configuration implies, keyed by their full name
 * ("copydesk.rules.unbalanced-quote", "copydesk.stylebook.preferred", …), in a stable
 * order. Each value is the settings schema VS Code shows.
 */
export function derivedSettings(schema, rules) {
  const settings = {};
  const levels = inline(schema.$defs.Level, schema);
  for (const [section, raw] of Object.entries(schema.properties)) {
    const fragment = inline(raw, schema);
    if (section === 'rules') {
      for (const rule of rules) {
        settings[`copydesk.rules.${rule.code}`] = {
          type: 'string',
          enum: levels.enum,
          default: rule.severity,
          markdownDescription: `\`${rule.code}\`: ${rule.summary}. Default: \`${rule.severity}\`; \`copydesk rules ${rule.code}\` explains the rule. Set here, it overrides copydesk.toml.`,
        };
      }
    } else if (fragment.type === 'object' && fragment.properties) {
      for (const [key, value] of Object.entries(fragment.properties)) {
        const { description, ...rest } = value;
        settings[`copydesk.${section}.${key}`] = { ...rest, description: describe(value, describe(fragment)) };
      }
    } else {
      const { description, ...rest } = fragment;
      settings[`copydesk.${section}`] = { ...rest, description: describe(fragment) };
    }
  }
  for (const key of USER_ONLY) {
    if (settings[key]) settings[key] = { ...settings[key], scope: 'machine' };
  }
  return settings;
}

/** The top-level segment of a setting ("rules" for "copydesk.rules.vague-source"). */
export function sectionOf(key) {
  return key.split('.')[1];
}

/**
 * How the manifest's server settings differ from the derived ones: a list of problems,
 * empty when they agree on the keys and on each setting's type, enum and default.
 * `clientOnly` lists the extension's own settings (not sent to the server).
 */
export function compareManifest(properties, derived, clientOnly) {
  const problems = [];
  const serverKeys = Object.keys(properties).filter((key) => !clientOnly.includes(key));
  for (const key of Object.keys(derived)) {
    if (!(key in properties)) problems.push(`missing from package.json: ${key}`);
  }
  for (const key of serverKeys) {
    if (!(key in derived)) problems.push(`in package.json but not in the server's configuration: ${key}`);
  }
  for (const [key, expected] of Object.entries(derived)) {
    const actual = properties[key];
    if (!actual) continue;
    for (const field of ['type', 'enum', 'default', 'items', 'additionalProperties', 'anyOf', 'scope']) {
      const a = JSON.stringify(actual[field]);
      const e = JSON.stringify(expected[field]);
      if (a !== e) problems.push(`${key}: \`${field}\` is ${a ?? 'absent'} in package.json, ${e ?? 'absent'} in the server's configuration`);
    }
  }
  for (const key of clientOnly) {
    if (!(key in properties)) problems.push(`missing extension setting: ${key}`);
  }
  return problems;
}
