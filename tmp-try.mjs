// src-main/sandbox/PyodideExecutorPool.ts
import crypto from "node:crypto";
import fs3 from "node:fs";
import os from "node:os";
import path2 from "node:path";

// src-main/contract/sandbox.ts
import { z } from "zod";
var ExecLimits = z.object({
  /** Wall time before a soft interrupt (KeyboardInterrupt); a hard kill follows a grace period. Defaults to 10 s. */
  timeoutMs: z.number().int().min(50).max(6e5).default(1e4),
  /** Output kept per run (stdout and stderr each); past it the head and tail are kept and `truncated` is set. Defaults to 64 KiB. */
  maxOutputBytes: z.number().int().min(256).max(16 * 1024 * 1024).default(64 * 1024),
  /** Resident memory of the sandbox process during a run. Defaults to 1024 MiB. */
  memoryMb: z.number().int().min(256).max(65536).default(1024),
  /** Python's recursion limit, reset before every run. Defaults to 1000. */
  recursionLimit: z.number().int().min(50).max(2e4).default(1e3)
});
var ExecResult = z.object({
  /** The program ran to its end without an uncaught exception. */
  ok: z.boolean(),
  stdout: z.string(),
  stderr: z.string(),
  /** The traceback's last lines (or the sandbox's reason) when not ok; null when ok. */
  error: z.string().nullable(),
  timedOut: z.boolean(),
  /** Wall time of the run, in milliseconds. */
  ms: z.number(),
  /** Output went past `maxOutputBytes`: the middle was dropped and marked. */
  truncated: z.boolean()
});
var ExecBatchLine = z.object({
  id: z.union([z.string().max(200), z.number()]),
  code: z.string().max(4 * 1024 * 1024)
});
var SandboxRequest = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run"), id: z.number().int(), code: z.string(), limits: ExecLimits }),
  z.object({ type: z.literal("shutdown") })
]);
var SandboxMessage = z.discriminatedUnion("type", [
  /** The interpreter is loaded and takes runs. */
  z.object({ type: z.literal("ready"), startMs: z.number() }),
  z.object({ type: z.literal("result"), id: z.number().int(), result: ExecResult }),
  /** The interpreter was replaced (damage found by the health probe, a crash, a hard kill); the process lives on. */
  z.object({ type: z.literal("recycled"), reason: z.string(), startMs: z.number() }),
  /** The process cannot go on (e.g. the interpreter fails to load); the parent replaces it. */
  z.object({ type: z.literal("fatal"), message: z.string() })
]);
var WorkerMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({
    type: z.literal("result"),
    id: z.number().int(),
    ok: z.boolean(),
    error: z.string().nullable(),
    interrupted: z.boolean(),
    /** Health-probe findings after the run: any entry means the interpreter must be replaced. */
    damage: z.array(z.string())
  }),
  /** Output of the current run, in order. */
  z.object({ type: z.literal("output"), id: z.number().int(), stream: z.enum(["stdout", "stderr"]), text: z.string() }),
  z.object({ type: z.literal("failed"), message: z.string() })
]);

// src-main/paths.ts
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var appRoot = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
function findAppRoot(from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")))
      return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`no package.json above ${from}: the app's files are incomplete`);
  }
}

// src-main/sandbox/isolationCommand.ts
import { spawnSync } from "node:child_process";
import process2 from "node:process";
function permissionFlag() {
  const [major = 0, minor = 0] = process2.versions.node.split(".").map(Number);
  return major > 23 || major === 23 && minor >= 5 || major === 22 && minor >= 13 ? "--permission" : "--experimental-permission";
}
var namespacesWork;
function linuxNamespacePrefix() {
  const asRoot = process2.getuid?.() === 0;
  const prefix = ["unshare", ...asRoot ? [] : ["--user", "--map-root-user"], "--net", "--pid", "--fork", "--kill-child", "--"];
  namespacesWork ??= spawnSync(prefix[0], [...prefix.slice(1), "true"], { stdio: "ignore", timeout: 5e3 }).status === 0;
  return namespacesWork ? prefix : null;
}
function isolationCommand(options) {
  const nodeOptions = [
    "--no-warnings",
    permissionFlag(),
    ...options.readable.map((entry) => `--allow-fs-read=${entry}`),
    // The interpreter runs on a worker thread of the sandbox process, under the same permissions.
    "--allow-worker",
    `--max-old-space-size=${options.heapMb}`,
    "--disallow-code-generation-from-strings"
  ];
  const guarantees = [
    "files: read only the sandbox bundle, Pyodide and the vendored packages; write nothing (Python sees an in-memory file system)",
    "processes: no child processes, no native add-ons",
    "environment: empty"
  ];
  const gaps = [];
  let command = process2.execPath;
  let prefix = [];
  if (process2.platform === "linux") {
    const namespaces = linuxNamespacePrefix();
    if (namespaces) {
      command = namespaces[0];
      prefix = [...namespaces.slice(1), process2.execPath];
      guarantees.push("network: none (a network namespace of its own)", "processes: sees none outside its PID namespace");
    } else
      gaps.push("network: not isolated \u2014 unshare could not create network and PID namespaces (no root and no user namespaces)");
  } else if (process2.platform === "darwin") {
    command = "sandbox-exec";
    prefix = ["-p", "(version 1)(allow default)(deny network*)", process2.execPath];
    guarantees.push("network: denied by sandbox-exec");
    gaps.push("processes: other processes stay visible (process.kill works on the user's own processes)");
  } else
    gaps.push(`network: not isolated on ${process2.platform}`, "processes: other processes stay visible");
  return { command, prefix, nodeOptions, env: {}, guarantees, gaps };
}

// src-main/sandbox/SandboxProcess.ts
import { spawn } from "node:child_process";
import fs2 from "node:fs";
var processGraceMs = 5e3;
var processMemorySlackMb = 512;
var SandboxProcess = class {
  constructor(options) {
    this.options = options;
    const { isolation } = options;
    const config = JSON.stringify({ pyodideDir: options.pyodideDir, packagesZip: options.packagesZip });
    this.child = spawn(isolation.command, [...isolation.prefix, ...isolation.nodeOptions, options.entry, config], {
      env: isolation.env,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json"
    });
    this.child.stderr.on("data", (chunk) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4e3);
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on("message", (raw) => {
        const parsed = SandboxMessage.safeParse(raw);
        if (!parsed.success)
          return this.kill(`sent an invalid message: ${parsed.error.message}`);
        const message = parsed.data;
        switch (message.type) {
          case "ready":
            this.startMs = message.startMs;
            resolve(message.startMs);
            return;
          case "recycled":
            this.options.onRecycled?.(message.reason, message.startMs);
            return;
          case "result":
            if (this.waiting?.id === message.id) {
              const { resolve: done } = this.waiting;
              this.waiting = null;
              done(message.result);
            }
            return;
          case "fatal":
            reject(new Error(message.message));
            this.kill(message.message);
        }
      });
      this.child.on("exit", (code, signal) => {
        this.exited = true;
        const reason = `sandbox process exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim().split("\n").at(-1)}` : ""}`;
        reject(new Error(reason));
        if (this.waiting) {
          const { resolve: done } = this.waiting;
          this.waiting = null;
          done({ ok: false, stdout: "", stderr: "", error: `SandboxError: ${reason}`, timedOut: false, ms: 0, truncated: false });
        }
        for (const listener of this.exitListeners)
          listener(reason);
      });
      this.child.on("error", (error) => reject(error));
    });
    this.ready.catch(() => void 0);
  }
  options;
  ready;
  startMs = 0;
  child;
  nextId = 1;
  waiting = null;
  exited = false;
  stderrTail = "";
  exitListeners = /* @__PURE__ */ new Set();
  get alive() {
    return !this.exited;
  }
  onExit(listener) {
    this.exitListeners.add(listener);
  }
  /** Runs one program. Never rejects: every failure is an ExecResult. */
  async run(code, limits) {
    await this.ready;
    if (this.waiting)
      throw new Error("SandboxProcess.run: one run at a time");
    const id = this.nextId++;
    const started = performance.now();
    const result = new Promise((resolve) => {
      this.waiting = { id, resolve, limits };
    });
    this.child.send({ type: "run", id, code, limits });
    const deadline = setTimeout(() => this.kill("did not answer after its timeout and grace"), limits.timeoutMs + processGraceMs);
    const memoryWatch = setInterval(() => {
      const rss = this.residentBytes();
      if (rss !== null && rss > (limits.memoryMb + processMemorySlackMb) * 1024 * 1024)
        this.kill(`used ${Math.round(rss / 1024 / 1024)} MiB`);
    }, 100);
    try {
      const outcome = await result;
      return outcome.ms > 0 ? outcome : { ...outcome, ms: Math.round(performance.now() - started) };
    } finally {
      clearTimeout(deadline);
      clearInterval(memoryWatch);
    }
  }
  kill(reason) {
    if (this.exited)
      return;
    this.stderrTail += `
killed by the parent: ${reason}`;
    this.child.kill("SIGKILL");
  }
  async close() {
    if (this.exited)
      return;
    const gone = new Promise((resolve) => this.child.once("exit", () => resolve()));
    this.child.send({ type: "shutdown" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2e3);
    await gone;
    clearTimeout(timer);
  }
  /**
   * Resident memory of the Node process inside the wrapper (unshare forks it), from /proc; null where there is no
   * /proc (the process's own watchdog still applies there).
   */
  residentBytes() {
    const pid = this.child.pid;
    if (pid === void 0 || process.platform !== "linux")
      return null;
    try {
      const children = fs2.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
      const target = children[0] ?? String(pid);
      const status = fs2.readFileSync(`/proc/${target}/status`, "utf8");
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }
};

// src-main/sandbox/PyodideExecutorPool.ts
function sandboxPaths() {
  const dist = path2.join(appRoot, "dist", "sandbox");
  return {
    dist,
    entry: path2.join(dist, "sandbox-process.mjs"),
    packagesZip: path2.join(dist, "site-packages.zip"),
    pyodideDir: path2.join(appRoot, "node_modules", "pyodide")
  };
}
var PyodideExecutorPool = class {
  constructor(options = {}) {
    this.options = options;
    const paths = sandboxPaths();
    for (const required of [paths.entry, paths.packagesZip])
      if (!fs3.existsSync(required))
        throw new Error(`${required} is missing: run \`npm run build\``);
    this.isolation = isolationCommand({ readable: [paths.dist, paths.pyodideDir], heapMb: 512 });
    this.cacheEntries = options.cacheEntries ?? 1e3;
    const size = options.size ?? Math.min(4, Math.max(1, os.availableParallelism()));
    for (let i = 0; i < size; i++)
      this.release(this.add());
  }
  options;
  isolation;
  processes = [];
  idle = [];
  waiters = [];
  cache = /* @__PURE__ */ new Map();
  cacheEntries;
  closed = false;
  /** Resolves when every process has its interpreter loaded; rejects if one cannot start. */
  async ready() {
    await Promise.all(this.processes.map((process3) => process3.ready));
  }
  async run(code, limitsInput = {}) {
    if (this.closed)
      throw new Error("the executor pool is closed");
    const limits = ExecLimits.parse(limitsInput);
    const key = this.cacheEntries > 0 ? crypto.createHash("sha256").update(JSON.stringify([code, limits])).digest("hex") : null;
    const cached = key ? this.cache.get(key) : void 0;
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const process3 = await this.acquire();
    try {
      const result = await process3.run(code, limits);
      if (key && !result.timedOut && !result.error?.startsWith("SandboxError")) {
        this.cache.set(key, result);
        if (this.cache.size > this.cacheEntries)
          this.cache.delete(this.cache.keys().next().value);
      }
      return result;
    } catch (error) {
      return { ok: false, stdout: "", stderr: "", error: `SandboxError: ${error.message}`, timedOut: false, ms: 0, truncated: false };
    } finally {
      this.release(process3);
    }
  }
  async close() {
    this.closed = true;
    await Promise.all(this.processes.map((process3) => process3.close()));
  }
  add() {
    const paths = sandboxPaths();
    const process3 = new SandboxProcess({
      isolation: this.isolation,
      entry: paths.entry,
      pyodideDir: paths.pyodideDir,
      packagesZip: paths.packagesZip,
      onRecycled: (reason, startMs) => this.options.onEvent?.({ kind: "recycled", reason, startMs })
    });
    this.processes.push(process3);
    process3.onExit((reason) => {
      this.processes.splice(this.processes.indexOf(process3), 1);
      const idleAt = this.idle.indexOf(process3);
      if (idleAt >= 0)
        this.idle.splice(idleAt, 1);
      if (this.closed)
        return;
      this.options.onEvent?.({ kind: "replaced", reason });
      this.release(this.add());
    });
    return process3;
  }
  acquire() {
    const process3 = this.idle.shift();
    return process3 ? Promise.resolve(process3) : new Promise((resolve) => this.waiters.push(resolve));
  }
  release(process3) {
    if (!process3.alive || this.closed)
      return;
    if (this.idle.includes(process3))
      return;
    const waiter = this.waiters.shift();
    if (waiter)
      waiter(process3);
    else
      this.idle.push(process3);
  }
};

// ../../tmp/probe-time.ts
var pool = new PyodideExecutorPool({ size: 1, cacheEntries: 0 });
await pool.ready();
var r = await pool.run(`import sys, time, _rstar_guard as g
t=time.perf_counter()
for _ in range(10): g.baseline.damage()
print('damage ms', (time.perf_counter()-t)*100, 'modules', len(sys.modules), 'attrs', sum(len(v) for v in g.baseline.attributes.values()))`);
console.log(r.stdout, r.error);
var times = [];
for (let i = 0; i < 20; i++) times.push((await pool.run(`x = ${i}`)).ms);
console.log("trivial ms", times.join(" "));
await pool.close();
