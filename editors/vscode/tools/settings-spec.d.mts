// Types for settings-spec.mjs, for the TypeScript tests that import it.
export type SettingSchema = Record<string, unknown>;
export interface Rule { code: string; severity: string; summary: string }
export function readSchema(repoRoot: string): any;
export function copydeskBinary(repoRoot: string): string;
export function readRules(binary: string): Rule[];
export function derivedSettings(schema: any, rules: Rule[]): Record<string, SettingSchema>;
export function sectionOf(key: string): string;
export function compareManifest(
  properties: Record<string, any>,
  derived: Record<string, SettingSchema>,
  clientOnly: readonly string[],
): string[];
