// UNIX socket peers for an analysis that must not wait: the python sock_diag helper when it
// already runs, else `ss` (one short spawn). Starting the helper means resolving python3 (PATH's
// may be a shell shim) and a spawn that blocks this thread: done once the run is decided, for the
// analyses that come after it in this engine process.
import { execFile } from 'node:child_process';
import { pythonExecutable } from '../launch/python.ts';
import { parseSs, readUnixPeers, warmUnixDiag, type UnixPeerReader } from '../waits/unix-diag.ts';

let ready = false;

/** Starts the helper in the background (idempotent). */
export function warmUnixPeers(): void {
  if (ready) return;
  void pythonExecutable().then(async (path) => {
    if (path) ready = await warmUnixDiag(path);
  });
}

function ss(): Promise<string | null> {
  return new Promise((resolve) =>
    execFile('ss', ['-xaH'], { timeout: 1000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (err, out) =>
      resolve(err ? null : out),
    ),
  );
}

export const quickUnixPeers: UnixPeerReader = async (inodes) => {
  if (ready || inodes.length === 0) return readUnixPeers(inodes);
  const text = await ss();
  if (text !== null) return parseSs(text, new Set(inodes));
  const path = await pythonExecutable();
  if (path) ready = await warmUnixDiag(path);
  return readUnixPeers(inodes);
};
