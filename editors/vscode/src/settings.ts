// The `copydesk` settings object the extension sends to the server, as
// initializationOptions, in answer to workspace/configuration, and with
// workspace/didChangeConfiguration. It has the shape of copydesk.toml in JSON:
// { "rules": { "vague-source": "warning" }, "stylebook": { "preferred": ["Kyiv"] }, … }.
//
// No `vscode` import here: the Node tests use the same code.

/** Settings of the extension itself, never sent to the server. */
export const CLIENT_ONLY_KEYS: readonly string[] = ['copydesk.path', 'copydesk.trace.server'];

/** What package.json's `contributes.configuration` looks like, as far as needed here. */
export interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** The settings in the manifest that mirror the server's configuration. */
export function serverSettingKeys(manifest: Manifest): string[] {
  return Object.keys(manifest.contributes.configuration.properties).filter(
    (key) => key.startsWith('copydesk.') && !CLIENT_ONLY_KEYS.includes(key),
  );
}

export type SettingsObject = { [key: string]: unknown };

/**
 * The settings object for the server. `valueOf(key)` returns the value the user set for
 * a setting (user, workspace or folder settings), or undefined when it was left at its
 * default: defaults are not sent, so a copydesk.toml in the project still decides
 * whatever the user did not set in the editor.
 */
export function buildSettings(keys: readonly string[], valueOf: (key: string) => unknown): SettingsObject {
  const settings: SettingsObject = {};
  for (const key of keys) {
    const value = valueOf(key);
    if (value === undefined || value === null) continue;
    const path = key.split('.').slice(1); // drop "copydesk"
    let at = settings;
    for (const segment of path.slice(0, -1)) {
      if (typeof at[segment] !== 'object' || at[segment] === null) at[segment] = {};
      at = at[segment] as SettingsObject;
    }
    at[path[path.length - 1]] = value;
  }
  return settings;
}

/** The initializationOptions: the settings under `copydesk`. */
export function initializationOptions(settings: SettingsObject): { copydesk: SettingsObject } {
  return { copydesk: settings };
}
