// The kernel model's public API.
export * from "./api.js";
export { Kernel, type KernelOptions, type Seal } from "./kernel.js";
export { allRules, CITE_FORM, isRegisteredCite, type Rule } from "./rules.js";
export { PROFILES, traitsOf, type ProfileTraits } from "./profile.js";
export type { Snapshot, SnapshotValue } from "./snapshot.js";
