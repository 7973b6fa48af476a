// Builds the extension into dist/extension.js (one CommonJS file; `vscode` is the only
// module left to require) and copies the copydesk.toml schema beside it.
//
//   node esbuild.mjs                 development build (source maps)
//   node esbuild.mjs --production    minified, no source maps (vsce runs this)
//   node esbuild.mjs --tests         the build, then test/*.test.ts into out/test/
//   node esbuild.mjs --outdir DIR    the build into DIR instead of dist/

import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? path.resolve(process.argv[outdirArg + 1]) : undefined;

export async function buildExtension({ minify = production, outdir = path.join(root, 'dist') } = {}) {
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'extension.ts')],
    outfile: path.join(outdir, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    minify,
    sourcemap: !minify,
    logLevel: 'warning',
  });
  copyFileSync(path.join(root, '..', '..', 'schema', 'copydesk.schema.json'), path.join(outdir, 'copydesk.schema.json'));
}

async function buildTests() {
  const outdir = path.join(root, 'out', 'test');
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = readdirSync(path.join(root, 'test'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(root, 'test', name));
  await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The tests load these from node_modules as the extension's bundle would contain them.
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildExtension(outdir ? { outdir } : {});
  if (tests) await buildTests();
}
