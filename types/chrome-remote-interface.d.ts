// chrome-remote-interface ships no types; abpd uses only its endpoint discovery.
declare module 'chrome-remote-interface' {
  interface VersionOptions { host?: string; port?: number; secure?: boolean }
  const CDP: { Version(options: VersionOptions): Promise<Record<string, unknown>> };
  export default CDP;
}
