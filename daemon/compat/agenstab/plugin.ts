// AGENSTAB served locally (compat.md "AGENSTAB"): REST under /compat/agenstab/v1, JSON-RPC 2.0 over
// WebSocket at /compat/agenstab/v1/session on the daemon's own port, the ticket endpoint. A plugin:
// the daemon core knows nothing of it beyond the WebSocket server it hands to @hono/node-server.
import type { DaemonPlugin } from '../../plugins.ts';
import type { Deps } from '../../routes/types.ts';
import { installRest } from './rest.ts';
import { handleUpgrade, SOCKET_PATH } from './socket.ts';
import { createSurfaceState, type SurfaceState } from './surface.ts';

// Per daemon (tests run several in one process): the stop hook finds its own state.
const states = new WeakMap<Deps, SurfaceState>();

/** The surface of a running daemon (tests read its registry and tickets). */
export function agenstabStateOf(deps: Deps): SurfaceState | undefined {
  return states.get(deps);
}

export const agenstabPlugin: DaemonPlugin = {
  name: 'agenstab',
  install(app, deps) {
    const state = createSurfaceState(app, deps.config, deps.log, deps.llm, deps.config.windowSize);
    states.set(deps, state);
    app.get(SOCKET_PATH, (c) => handleUpgrade(c, state));
    installRest(app, state);
  },
  stop(deps) {
    const state = states.get(deps);
    if (!state) return;
    for (const s of state.registry.all()) clearTimeout(s.expiryTimer);
    // 1001 "going away": the daemon stops; sessions end with it (sessions.md §1).
    for (const ws of state.sockets) ws.close(1001, 'abpd is shutting down');
  },
};
