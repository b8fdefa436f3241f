"use strict";
// Runs run_django.py: a fresh launch token, the JSON ready line (no HTTP polling), a timeout,
// the last log lines for the failure page, one restart after a crash, and a stop that leaves
// no process of the tree behind.

const crypto = require("node:crypto");
const readline = require("node:readline");
const { spawn, spawnSync } = require("node:child_process");
const { EventEmitter } = require("node:events");

const STOP_GRACE_MS = 3000;

class ServerSupervisor extends EventEmitter {
  constructor({
    python,
    script,
    home,
    env = process.env,
    readyTimeoutMs = 60000,
    maxRestarts = 1,
    keepLines = 200,
  }) {
    super();
    Object.assign(this, { python, script, home, env, readyTimeoutMs, maxRestarts, keepLines });
    this.token = crypto.randomBytes(32).toString("base64url");
    this.lines = [];
    this.restarts = 0;
    this.child = null;
    this.ready = null;
    this.stopping = false;
    this.exits = [];
  }

  /** Resolves with the ready line; rejects with an Error carrying the log tail. */
  start() {
    return new Promise((resolve, reject) => {
      this.once("ready", resolve);
      this.once("failed", reject);
      this.spawn();
    });
  }

  spawn() {
    this.ready = null;
    const args = [this.script, "--home", this.home, "--port", "0"];
    this.log(`$ ${this.python} ${args.join(" ")}`);
    const child = spawn(this.python, args, {
      env: { ...this.env, FIELDGUIDE_LAUNCH_TOKEN: this.token },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that stopping reaches the worker and its demos too.
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    this.child = child;
    const timer = setTimeout(() => {
      if (!this.ready && this.child === child) {
        this.fail(
          `The server did not become ready within ${Math.round(this.readyTimeoutMs / 1000)} s.`,
        );
        this.kill(child);
      }
    }, this.readyTimeoutMs);
    let first = true;
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      if (first) {
        first = false;
        clearTimeout(timer);
        this.onFirstLine(line, child);
      } else {
        this.log(line);
      }
    });
    readline.createInterface({ input: child.stderr }).on("line", (line) => this.log(line));
    child.on("error", (error) => {
      clearTimeout(timer);
      this.fail(`Could not start ${this.python}: ${error.message}`);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      this.exits.push({ code, signal });
      this.onExit(child, code, signal);
    });
  }

  onFirstLine(line, child) {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      this.log(line);
      this.fail("The server's first line was not the JSON ready line.");
      this.kill(child);
      return;
    }
    if (event.event === "ready") {
      this.ready = event;
      this.emit("ready", event);
    } else {
      this.fail(event.message || "The server reported an error.");
    }
  }

  onExit(child, code, signal) {
    if (this.child !== child) return;
    this.log(`[the server exited: ${signal || `status ${code}`}]`);
    if (this.stopping) return this.emit("stopped");
    if (this.ready && this.restarts < this.maxRestarts) {
      this.restarts += 1;
      this.emit("restarting", { code, signal });
      return this.spawn();
    }
    this.fail(
      this.ready
        ? "The server stopped unexpectedly, twice."
        : `The server exited (${signal || `status ${code}`}) before it was ready.`,
    );
  }

  fail(message) {
    if (this.failed) return;
    this.failed = message;
    const error = new Error(message);
    error.log = this.logTail();
    this.emit("failed", error);
  }

  log(line) {
    this.lines.push(line);
    if (this.lines.length > this.keepLines)
      this.lines.splice(0, this.lines.length - this.keepLines);
  }

  logTail() {
    return [...this.lines];
  }

  diagnostics(extra = {}) {
    return [
      `Python: ${this.python}`,
      `Script: ${this.script}`,
      `Home: ${this.home}`,
      ...Object.entries(extra).map(([key, value]) => `${key}: ${value}`),
      `Exits: ${JSON.stringify(this.exits)}`,
      "",
      ...this.lines,
    ].join("\n");
  }

  kill(child, signal = "SIGTERM") {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (process.platform === "win32") {
      spawnSync("taskkill", ["/PID", String(child.pid), "/T", "/F"], { windowsHide: true });
      return;
    }
    try {
      process.kill(-child.pid, signal); // the whole process group
    } catch {
      // already gone
    }
  }

  /** SIGTERM to the server's process group, SIGKILL after 3 s. Resolves once it exited. */
  stop() {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.kill(child, "SIGKILL"), STOP_GRACE_MS);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      this.kill(child, "SIGTERM");
    });
  }
}

module.exports = { ServerSupervisor, STOP_GRACE_MS };
