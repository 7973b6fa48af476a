// Packages a platform-specific .vsix that carries the copydesk server, which the
// extension then runs when `copydesk.path` is empty, before any copydesk on PATH.
//
//   node tools/package-target.mjs [--target linux-x64] [--binary PATH] [--out FILE]
//
// --target  a vsce target (linux-x64, linux-arm64, darwin-arm64, win32-x64, …);
//           default: this machine's.
// --binary  the server to carry; default: the shipped build of this machine,
//           ../../target/dist/copydesk (`cargo build --profile dist --features jemalloc`), or
//           $CARGO_TARGET_DIR/dist/copydesk.
// --out     default: copydesk-<version>-<target>.vsix here.

import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(root, '..', '..');

function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

export function hostTarget() {
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  if (!arch) throw new Error(`no vsce target for ${process.platform}-${process.arch}`);
  return `${process.platform}-${arch}`;
}

const target = option('--target') ?? hostTarget();
const windows = target.startsWith('win32-');
const exe = windows ? 'copydesk.exe' : 'copydesk';
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(repo, 'target');
const binary = path.resolve(option('--binary') ?? path.join(targetDir, 'dist', exe));
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const out = path.resolve(option('--out') ?? path.join(root, `copydesk-${version}-${target}.vsix`));

if (!existsSync(binary)) {
  console.error(`package-target: no server at ${binary}; build it with \`cargo build --profile dist --features jemalloc\` or pass --binary`);
  process.exit(1);
}

const serverDir = path.join(root, 'server');
rmSync(serverDir, { recursive: true, force: true });
mkdirSync(serverDir);
try {
  copyFileSync(binary, path.join(serverDir, exe));
  chmodSync(path.join(serverDir, exe), 0o755);
  // The server's licenses and those of what it contains travel with it.
  for (const name of ['LICENSE-MIT', 'LICENSE-APACHE', 'THIRD-PARTY-NOTICES.md']) {
    if (existsSync(path.join(repo, name))) copyFileSync(path.join(repo, name), path.join(serverDir, name));
  }
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(
    process.execPath,
    [vsce, 'package', '--target', target, '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
} finally {
  rmSync(serverDir, { recursive: true, force: true });
}
console.log(out);
