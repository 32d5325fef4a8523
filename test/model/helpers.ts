// Test helpers: unwrap Results, assert failures, and build a kernel with actors.
import { expect } from "vitest";
import type { DeviceKind, Fail, KernelOptions, Result } from "../../src/model/index.js";
import { Kernel, isRegisteredCite } from "../../src/model/index.js";

export function val<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${"errno" in r ? r.errno : r.signal}: ${r.reason} (${r.cite})`);
  return r.value;
}

export function errno<T>(r: Result<T>, e: string): Fail {
  expect(r.ok, `expected ${e}`).toBe(false);
  const f = r as Fail;
  expect("errno" in f ? f.errno : f.signal).toBe(e);
  // every Fail a test observes must carry a registered cite
  expect(isRegisteredCite(f.cite), `cite ${f.cite} is registered`).toBe(true);
  return f;
}

export function setup(devices: [string, DeviceKind][], procs: string[] = ["app"], opts: KernelOptions = {}): { k: Kernel; pids: number[] } {
  const k = new Kernel(opts);
  for (const [n, kind] of devices) k.addDevice(n, kind);
  const pids = procs.map((p) => k.addProcess(p));
  return { k, pids };
}
