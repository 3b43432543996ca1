// Types for scripts/dist.mjs (a plain Node script), for the tests that import it.
export declare const CONFIG_FILE: string;
export declare class DistError extends Error {}
export declare function electronVersion(): string;
export declare function electronZipName(version: string, platform: string, arch: string): string;
export declare function electronDownloadUrl(version: string, platform: string, arch: string, env?: NodeJS.ProcessEnv): string;
export declare function electronCacheRoot(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string;
export declare function findCachedElectron(version: string, platform: string, arch: string, cacheRoot: string): string | null;
export declare function cliOption(args: readonly string[], name: string): string | null;
export declare function probeDownload(url: string, fetchImpl?: typeof fetch): Promise<string | null>;
export declare function resolveElectron(options?: {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  args?: readonly string[];
  version?: string;
  fetchImpl?: typeof fetch;
}): Promise<{ args: string[]; note: string }>;
export declare function builderArgs(options?: { platform?: NodeJS.Platform; extra?: readonly string[]; electronArgs?: readonly string[] }): string[];
export declare function nodeBuildGuard(moduleDir?: string, backupDir?: string): { setAside(): boolean; restore(): boolean };
export declare function builderEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
