// A signaal server of its own for a browser test run: a fresh demo
// database in a work directory, `serve` on an ephemeral port, stopped with
// SIGTERM at the end.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Starts init --demo and serve; resolves with {url, log, stop()}.
export async function startServer({ binary, web, workdir }) {
  fs.rmSync(workdir, { recursive: true, force: true });
  fs.mkdirSync(workdir, { recursive: true });
  const db = path.join(workdir, 'signaal.db');
  const portFile = path.join(workdir, 'port');
  const log = path.join(workdir, 'server.log');
  const env = { ...process.env, SIGNAAL_PASSWORD_COST: 'minimal' };
  await run(binary, ['init', '--db', db, '--demo'], { env });
  const out = fs.openSync(log, 'w');
  const child = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--port-file', portFile, '--web', web],
    { env, stdio: ['ignore', out, out] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  exited.then((r) => { gone = r; });
  const port = await waitFor(() => {
    if (gone) throw new Error(`server exited early (${JSON.stringify(gone)}); see ${log}`);
    const text = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : '';
    return /^\d+$/.test(text) ? text : null;
  }, 10000, 'the port file');
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    try {
      return (await fetch(`${url}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 10000, '/healthz');
  return {
    url,
    log,
    // SIGTERM, then the exit status (a code, or the signal's name).
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      const r = await exited;
      clearTimeout(timer);
      fs.closeSync(out);
      return r;
    },
    // stop(), then the log copied to keepLog (for a failed run) and the
    // work directory removed.
    async finish(keepLog) {
      const r = await this.stop();
      fs.copyFileSync(log, keepLog);
      fs.rmSync(workdir, { recursive: true, force: true });
      return r;
    },
  };
}
