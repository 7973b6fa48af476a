// Shared by the tests: where things are, and a small LSP client over vscode-jsonrpc
// (the JSON-RPC package vscode-languageclient itself uses).

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

/** editors/vscode (the tests run from out/test/). */
export const extensionRoot = path.resolve(__dirname, '..', '..');
export const repoRoot = path.resolve(extensionRoot, '..', '..');

export function copydeskBinary(): string {
  return process.env.COPYDESK_BIN || path.join(repoRoot, 'target', 'debug', 'copydesk');
}

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  message: string;
}

export interface Server {
  connection: MessageConnection;
  process: ChildProcessWithoutNullStreams;
  /** window/showMessage and window/logMessage texts, in order. */
  messages: { type: number; message: string }[];
  stderr: string[];
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Stops the server with shutdown + exit and resolves with its exit code. */
  stop(): Promise<number | null>;
}

export function startServer(answerConfiguration: (section: string | undefined) => unknown): Server {
  const child = spawn(copydeskBinary(), ['lsp'], { stdio: 'pipe' });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const messages: { type: number; message: string }[] = [];
  const published = new Map<string, Diagnostic[][]>();
  const waiters: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];

  connection.onNotification('window/showMessage', (p: { type: number; message: string }) => messages.push(p));
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => messages.push(p));
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    const list = published.get(p.uri) ?? [];
    list.push(p.diagnostics);
    published.set(p.uri, list);
    for (const waiter of [...waiters]) {
      if (waiter.uri === p.uri && waiter.accept(p.diagnostics)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(p.diagnostics);
      }
    }
  });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => answerConfiguration(item.section)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();

  return {
    connection,
    process: child,
    messages,
    stderr,
    diagnostics(uri, accept = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const seen = JSON.stringify(published.get(uri) ?? [], null, 1);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; published: ${seen}`));
        }, timeoutMs);
        waiters.push({
          uri,
          accept,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}

/** The 0-based line of the first line containing `needle`, and the UTF-16 column of it. */
export function positionOf(text: string, needle: string, from = 0): { line: number; character: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`fixture has no ${JSON.stringify(needle)}`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text after applying LSP text edits (UTF-16 positions, as JavaScript strings count). */
export function applyEdits(
  text: string,
  edits: { range: Diagnostic['range']; newText: string }[],
): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  }
  return out;
}
