// Chromium's DevTools endpoint is reachable only through the launch pipe: no --remote-debugging-port
// on its command line, and no listening TCP socket in any process of its group (/proc/net/tcp{,6}
// against /proc/<pid>/fd). A positive control proves the socket scan finds a listener when one exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmdline, groupMembers, listeningTcp, socketInodes } from '../support/procfs.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

function listenersOf(pids: number[]): number[] {
  const listening = listeningTcp();
  const ports: number[] = [];
  for (const pid of pids) for (const inode of socketInodes(pid)) if (listening.has(inode)) ports.push(listening.get(inode)!);
  return ports;
}

describe('the DevTools endpoint is not exposed', () => {
  it('Chromium runs with --remote-debugging-pipe and without --remote-debugging-port', () => {
    const pid = h.daemon.host.chrome!.process.pid!;
    const args = cmdline(pid);
    expect(args.length).toBeGreaterThan(3);
    expect(args).toContain('--remote-debugging-pipe');
    expect(args.filter((a) => a.startsWith('--remote-debugging-port') || a.startsWith('--remote-debugging-address'))).toEqual([]);
  });

  it('no process of Chromium\'s group listens on a TCP port (renderers and GPU included)', async () => {
    // A page with content, so renderers, network service and GPU process all exist.
    await h.openTab('/pages/click.html');
    const members = groupMembers(h.daemon.host.chrome!.process.pid!);
    expect(members.length).toBeGreaterThan(2);
    expect(members.some((pid) => socketInodes(pid).size > 0)).toBe(true); // it does hold (non-listening) sockets
    expect(listenersOf(members)).toEqual([]);
  });

  it('positive control: the scan finds the fixture server listening in this process', () => {
    const port = Number(new URL(h.fixtures.origin).port);
    expect(listenersOf([process.pid])).toContain(port);
  });
});
