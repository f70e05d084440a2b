// Linux /proc readers for tests and benches: who is in a process group, which sockets a process
// holds, which TCP sockets listen, resident memory. Everything tolerates processes that exit mid-read.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function read(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; } // the process exited meanwhile
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, ...]. */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

export function isAlive(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): number[] {
  return allPids().filter((pid) => { const f = statFields(pid); return f !== undefined && Number(f[2]) === pgid && f[0] !== 'Z'; });
}

export function cmdline(pid: number): string[] {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
}

/** Live processes whose command line mentions `needle` (e.g. a session dir). */
export function processesMentioning(needle: string): number[] {
  return allPids().filter((pid) => pid !== process.pid && isAlive(pid) && cmdline(pid).some((a) => a.includes(needle)));
}

export function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try { fds = readdirSync(`/proc/${pid}/fd`); } catch { return inodes; } // exited, or not ours to read
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch { /* the fd closed between readdir and readlink */ }
  }
  return inodes;
}

/** Inodes of TCP sockets in LISTEN state (IPv4 and IPv6), with their local port. */
export function listeningTcp(): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(file) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue;
      out.set(cols[9]!, parseInt(cols[1]!.split(':').at(-1)!, 16));
    }
  }
  return out;
}

export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) : 0;
}
