import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src-main/cli/storeroom.js', import.meta.url));

/** Runs `storeroom ARGS...` to completion. */
export function storeroom(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `storeroom serve` in a child process and waits until it answers. */
export async function serveProcess(catalogue: string, token = 'test-token-123') {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', '--catalogue', catalogue, '--port', String(port), '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${output}`);
    if (output.includes('Storeroom is serving')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const call = async (procedure: string, input: unknown) => {
    const response = await fetch(`${base}/api/${procedure}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return (await response.json()) as { ok: boolean; data?: unknown };
  };
  return { child, base, port, token, call, output: () => output };
}
