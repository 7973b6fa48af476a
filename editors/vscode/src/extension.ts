// The copydesk extension: starts the copydesk language server for Markdown and plain
// text, keeps its settings in step with VS Code's, and restarts it on request.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  type DocumentSelector,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

import {
  defaultEnvironment,
  ensureBundledExecutable,
  INSTALL_HINT,
  pathSettingCommand,
  resolveServer,
} from './server-path';
import { buildSettings, initializationOptions, type Manifest, serverSettingKeys, type SettingsObject } from './settings';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let keys: string[] = [];
let extensionFolder: string | undefined;
/** Serialises starts and stops: a restart while starting waits its turn. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('copydesk');
  keys = serverSettingKeys(context.extension.packageJSON as Manifest);
  extensionFolder = context.extensionPath;
  ensureBundledExecutable(extensionFolder);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('copydesk.restartServer', () => queue(restart)),
    vscode.commands.registerCommand('copydesk.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('copydesk.path')) {
        queue(restart);
      } else if (event.affectsConfiguration('copydesk') && client?.isRunning()) {
        // The server asks back with workspace/configuration, answered by the
        // middleware below; the settings travel here too for servers that do not ask.
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: initializationOptions(currentSettings()),
        });
      }
    }),
  );
  queue(start);
}

export function deactivate(): Thenable<void> | undefined {
  return lifecycle.then(stop);
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step).catch((err: unknown) => {
    output.appendLine(`copydesk: ${err instanceof Error ? err.message : String(err)}`);
  });
  return lifecycle;
}

/** The settings the user set (defaults are left to copydesk.toml and the server). */
function currentSettings(): SettingsObject {
  const configuration = vscode.workspace.getConfiguration();
  return buildSettings(keys, (key) => {
    const inspected = configuration.inspect(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  });
}

async function start(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const setting = vscode.workspace.getConfiguration('copydesk').get<string>('path');
  const resolution = resolveServer(
    setting,
    defaultEnvironment(folder?.scheme === 'file' ? folder.fsPath : undefined, extensionFolder, vscode.env.remoteName),
  );
  if (!resolution.found) {
    output.appendLine(resolution.message);
    void showError(resolution.message);
    return;
  }
  output.appendLine(`copydesk: starting ${resolution.path} (from ${resolution.from})`);

  // No `transport`: with one, vscode-languageclient appends `--stdio` to the arguments.
  const executable = { command: resolution.path, args: ['lsp'] };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const selector: DocumentSelector = [
    ...['markdown', 'plaintext'].flatMap((language) =>
      ['file', 'untitled'].map((scheme) => ({ language, scheme })),
    ),
    // copydesk.toml files: the server checks them as they are typed.
    { scheme: 'file', pattern: '**/{copydesk,.copydesk}.toml' },
  ];

  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    initializationOptions: initializationOptions(currentSettings()),
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      workspace: {
        // The server asks for the `copydesk` section; VS Code's answer would hold every
        // setting with its default (and copydesk.path): send what initializationOptions
        // sends instead.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (answers instanceof Error || !Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === 'copydesk' ? currentSettings() : answers[i],
          );
        },
      },
    },
  };
  const next = new LanguageClient('copydesk', 'copydesk', serverOptions, clientOptions);
  try {
    await next.start();
    client = next;
  } catch (err) {
    const message = `copydesk: the server at ${resolution.path} did not start: ${err instanceof Error ? err.message : String(err)}`;
    output.appendLine(message);
    void showError(message);
    await next.dispose().catch(() => undefined);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop(5000);
  } catch (err) {
    output.appendLine(`copydesk: stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  await running.dispose().catch(() => undefined);
}

async function restart(): Promise<void> {
  output.appendLine('copydesk: restarting the server');
  await stop();
  await start();
}

async function showError(message: string): Promise<void> {
  const openSettings = 'Open Settings';
  const copyCommand = 'Copy Install Command';
  const showOutput = 'Show Output';
  const picked = await vscode.window.showErrorMessage(message, openSettings, copyCommand, showOutput);
  if (picked === openSettings) {
    const { command, args } = pathSettingCommand(vscode.env.remoteName);
    await vscode.commands.executeCommand(command, ...args);
  } else if (picked === copyCommand) {
    await vscode.env.clipboard.writeText('cargo install copydesk');
    void vscode.window.showInformationMessage(`Copied "cargo install copydesk". ${INSTALL_HINT}`);
  } else if (picked === showOutput) {
    output.show(true);
  }
}
