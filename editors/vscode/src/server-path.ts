// Finding the copydesk binary: the `copydesk.path` setting, else the server inside a
// platform-specific .vsix (server/copydesk), else `copydesk` on PATH, else Cargo's bin
// directory (VS Code started from a desktop launcher often has a PATH without
// ~/.cargo/bin). Also which settings tab holds `copydesk.path`. No `vscode` import:
// tested in Node.

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
  /** The extension's own folder; a platform-specific .vsix carries the server in it. */
  extensionFolder?: string;
  /** `vscode.env.remoteName` ("ssh-remote", "wsl", …): the server runs on that host. */
  remoteName?: string;
  isExecutable(file: string): boolean;
}

export type Resolution =
  | { found: true; path: string; from: 'setting' | 'bundled' | 'PATH' | 'cargo' }
  | { found: false; message: string };

export function defaultEnvironment(
  workspaceFolder?: string,
  extensionFolder?: string,
  remoteName?: string,
): Environment {
  return {
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder,
    extensionFolder,
    remoteName,
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

/** Where a platform-specific .vsix keeps the server, relative to the extension's folder. */
export const BUNDLED_DIR = 'server';

export function bundledServer(extensionFolder: string, platform: NodeJS.Platform): string {
  return path.join(extensionFolder, BUNDLED_DIR, platform === 'win32' ? 'copydesk.exe' : 'copydesk');
}

/**
 * The command that opens the settings tab where `copydesk.path` can be set. The setting
 * is machine-scoped: in a remote window (SSH, WSL, Codespaces, code-server) the User tab
 * does not apply it, the Remote tab does.
 */
export function pathSettingCommand(remoteName: string | undefined): { command: string; args: unknown[] } {
  if (remoteName) {
    return { command: 'workbench.action.openRemoteSettings', args: [{ query: 'copydesk.path' }] };
  }
  return { command: 'workbench.action.openSettings', args: ['copydesk.path'] };
}

/**
 * A .vsix is a zip: an unpacker that drops the executable bit leaves the bundled server
 * unrunnable. Restores it; false when there is no bundled server or it cannot be fixed.
 */
export function ensureBundledExecutable(extensionFolder: string): boolean {
  const file = bundledServer(extensionFolder, process.platform);
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    try {
      fs.chmodSync(file, 0o755);
      return true;
    } catch {
      return false;
    }
  }
}

export function resolveServer(setting: string | undefined, environment: Environment): Resolution {
  if (setting && setting.trim() !== '') {
    const file = expand(setting, environment);
    if (environment.isExecutable(file)) return { found: true, path: file, from: 'setting' };
    return {
      found: false,
      message: `copydesk: \`copydesk.path\` is set to "${setting}", but there is no executable at ${file}. Fix the setting, or clear it to use the server inside this extension or the copydesk on PATH.`,
    };
  }
  const windows = environment.platform === 'win32';
  if (environment.extensionFolder) {
    const file = bundledServer(environment.extensionFolder, environment.platform);
    if (environment.isExecutable(file)) return { found: true, path: file, from: 'bundled' };
  }
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
  const searched = pathVar.split(delimiter).filter((dir) => dir !== '');
  const where = environment.remoteName ? ` on the remote host (${environment.remoteName}; set \`copydesk.path\` in its Remote settings, the User settings do not apply there)` : '';
  const pathList = searched.length > 0 ? `PATH (${searched.join(delimiter)})` : 'PATH (empty)';
  return {
    found: false,
    message: `copydesk: the \`copydesk\` binary was not found${where}: not in this extension, not on ${pathList}, not in ${path.join(cargoHome, 'bin')}. ${INSTALL_HINT}`,
  };
}
