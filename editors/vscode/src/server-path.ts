// Finding the copydesk binary: the `copydesk.path` setting, else `copydesk` on PATH,
// else Cargo's bin directory (VS Code started from a desktop launcher often has a PATH
// without ~/.cargo/bin). No `vscode` import: tested in Node.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const INSTALL_HINT =
  'Install it with `cargo install copydesk`, or `cargo install --path .` in a clone of the copydesk repository, then restart the server (command "copydesk: Restart server"), or set `copydesk.path` to the binary.';

export interface Environment {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  /** The first workspace folder, for a relative `copydesk.path`. */
  workspaceFolder?: string;
  isExecutable(file: string): boolean;
}

export type Resolution =
  | { found: true; path: string; from: 'setting' | 'PATH' | 'cargo' }
  | { found: false; message: string };

export function defaultEnvironment(workspaceFolder?: string): Environment {
  return {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder,
    isExecutable(file) {
      try {
        if (!fs.statSync(file).isFile()) return false;
        if (process.platform === 'win32') return true;
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function expand(setting: string, environment: Environment): string {
  let file = setting.trim();
  if (file === '~' || file.startsWith('~/') || file.startsWith('~\\')) {
    file = path.join(environment.home, file.slice(1));
  }
  if (environment.workspaceFolder) {
    file = file.replace(/\$\{workspaceFolder\}/g, environment.workspaceFolder);
  }
  if (!path.isAbsolute(file) && environment.workspaceFolder) {
    file = path.resolve(environment.workspaceFolder, file);
  }
  return file;
}

export function resolveServer(setting: string | undefined, environment: Environment): Resolution {
  if (setting && setting.trim() !== '') {
    const file = expand(setting, environment);
    if (environment.isExecutable(file)) return { found: true, path: file, from: 'setting' };
    return {
      found: false,
      message: `copydesk: \`copydesk.path\` is set to "${setting}", but there is no executable at ${file}. Fix the setting or clear it to use the copydesk on PATH.`,
    };
  }
  const windows = environment.platform === 'win32';
  const names = windows ? ['copydesk.exe', 'copydesk'] : ['copydesk'];
  const pathVar = environment.env.PATH ?? environment.env.Path ?? '';
  const delimiter = windows ? ';' : ':';
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = path.join(dir, name);
      if (environment.isExecutable(file)) return { found: true, path: file, from: 'PATH' };
    }
  }
  const cargoHome = environment.env.CARGO_HOME || path.join(environment.home, '.cargo');
  for (const name of names) {
    const file = path.join(cargoHome, 'bin', name);
    if (environment.isExecutable(file)) return { found: true, path: file, from: 'cargo' };
  }
  return {
    found: false,
    message: `copydesk: the \`copydesk\` binary was not found on PATH. ${INSTALL_HINT}`,
  };
}
