// Rewrites the server-mirroring settings in package.json from the schema and
// `copydesk rules` (see settings-spec.mjs). Settings of the extension itself
// (copydesk.path, copydesk.trace.server) are kept as they are.
//
//   npm run sync-settings            (after `cargo build` at the repository root)

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copydeskBinary, derivedSettings, readRules, readSchema, sectionOf } from './settings-spec.mjs';

const extensionRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(extensionRoot, '..', '..');
const manifestPath = path.join(extensionRoot, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const schema = readSchema(repoRoot);
const derived = derivedSettings(schema, readRules(copydeskBinary(repoRoot)));
const current = manifest.contributes.configuration.properties;
const own = Object.fromEntries(
  Object.entries(current).filter(([key]) => !(sectionOf(key) in schema.properties)),
);
manifest.contributes.configuration.properties = { ...own, ...derived };
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`package.json: ${Object.keys(own).length} extension settings, ${Object.keys(derived).length} server settings`);
