// Spawn → ready as the Electron shell's supervisor sees it, compared in the same run with
// run_django.py's own ready time (a bare spawn reading the first stdout line).
//
//     node bench/shell_startup.js [runs]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { spawn } from "node:child_process";
import { ServerSupervisor } from "../electron/lib/supervisor.js";
import { resolvePython } from "../electron/lib/python.js";

const REPO = path.resolve(import.meta.dirname, "..");
const SCRIPT = path.join(REPO, "run_django.py");
const runs = Number(process.argv[2] || 7);
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith("DJANGO_") && !k.startsWith("FIELDGUIDE_"),
  ),
);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stopGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", resolve);
    process.kill(-child.pid, "SIGTERM");
  });
}

async function bare(python, home) {
  const started = process.hrtime.bigint();
  const child = spawn(python, [SCRIPT, "--home", home, "--port", "0"], {
    env,
    stdio: ["ignore", "pipe", "ignore"],
    detached: true,
  });
  await new Promise((resolve) =>
    readline.createInterface({ input: child.stdout }).once("line", resolve),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await stopGroup(child);
  return seconds;
}

async function supervised(python, home) {
  const supervisor = new ServerSupervisor({ python, script: SCRIPT, home, env });
  const started = process.hrtime.bigint();
  await supervisor.start();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await supervisor.stop();
  return seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { python } = resolvePython({ repoRoot: REPO, env: { PATH: process.env.PATH } });
const home = fs.mkdtempSync(path.join(os.tmpdir(), "fieldguide-bench-shell-"));
await bare(python, home); // seeds the home (and builds, the very first time)
const raw = [];
const viaSupervisor = [];
for (let i = 0; i < runs; i += 1) {
  raw.push(await bare(python, home));
  await sleep(1000);
  viaSupervisor.push(await supervised(python, home));
  await sleep(1000);
}
const result = {
  benchmark: "shell_startup",
  date: new Date().toISOString().slice(0, 10),
  runs,
  run_django_ready_median_s: Number(median(raw).toFixed(4)),
  supervisor_ready_median_s: Number(median(viaSupervisor).toFixed(4)),
  overhead_ratio: Number((median(viaSupervisor) / median(raw)).toFixed(3)),
  target_overhead_ratio: 1.2,
};
console.log(JSON.stringify(result, null, 2));
fs.rmSync(home, { recursive: true, force: true });
