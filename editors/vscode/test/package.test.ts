// (b) The extension packages into a .vsix offline (vsce package --no-dependencies)
// holding the bundle, the schema, the manifest and the README, and no sources or
// node_modules; a platform-specific .vsix (tools/package-target.mjs) carries the
// server too, executable.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { test } from 'node:test';

import { extensionRoot, repoRoot } from './support';

/** The entries of a zip archive: name → contents (and Unix modes in `modes`). */
function unzip(archive: Buffer, modes = new Map<string, number>()): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip archive');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    assert.equal(archive.readUInt32LE(at), 0x02014b50, 'bad central directory');
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    modes.set(name, archive.readUInt32LE(at + 38) >>> 16);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

test('vsce packages the extension without dependencies', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'copydesk-vsix-'));
  try {
    const out = path.join(dir, 'copydesk.vsix');
    const vsce = path.join(extensionRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(
      process.execPath,
      [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out],
      { cwd: extensionRoot, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const entries = unzip(readFileSync(out));
    const names = [...entries.keys()];
    for (const name of [
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/copydesk.schema.json',
      'extension/readme.md',
    ]) {
      assert.ok(entries.has(name), `${name} missing from the .vsix: ${names.join(', ')}`);
    }
    const unwanted = names.filter((name) =>
      /^extension\/(node_modules|src|test|out|tools)\/|\.map$|\.ts$|tsconfig|esbuild\.mjs|test\.sh/.test(name),
    );
    assert.deepEqual(unwanted, [], 'files the .vsix should not carry');

    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.ok(manifest.engines.vscode);
    const schema = JSON.parse(entries.get('extension/dist/copydesk.schema.json')!.toString('utf8'));
    assert.equal(schema.title, 'copydesk.toml');
    const xml = entries.get('extension.vsixmanifest')!.toString('utf8');
    assert.match(xml, /Id="copydesk"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a platform-specific .vsix carries the server, executable', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'copydesk-vsix-target-'));
  try {
    const server = path.join(dir, 'copydesk');
    const body = '#!/bin/sh\necho a stand-in server\n';
    writeFileSync(server, body);
    chmodSync(server, 0o755);
    const out = path.join(dir, 'copydesk-linux-x64.vsix');
    execFileSync(
      process.execPath,
      ['tools/package-target.mjs', '--target', 'linux-x64', '--binary', server, '--out', out],
      { cwd: extensionRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const modes = new Map<string, number>();
    const entries = unzip(readFileSync(out), modes);
    assert.equal(entries.get('extension/server/copydesk')?.toString('utf8'), body);
    assert.equal((modes.get('extension/server/copydesk') ?? 0) & 0o111, 0o111, 'the server lost its executable bit');
    assert.match(entries.get('extension.vsixmanifest')!.toString('utf8'), /TargetPlatform="linux-x64"/);
    for (const name of ['LICENSE-MIT', 'LICENSE-APACHE', 'THIRD-PARTY-NOTICES.md']) {
      if (existsSync(path.join(repoRoot, name))) {
        assert.ok(entries.has(`extension/server/${name}`), `${name} missing beside the server`);
      }
    }
    // The packaging leaves no copy of the server in the source tree.
    assert.throws(() => readFileSync(path.join(extensionRoot, 'server', 'copydesk')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
