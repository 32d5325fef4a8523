// The kernel model's public API.
export * from "./api.js";
export { Kernel, type KernelOptions, type Seal } from "./kernel.js";
export type { FdOp, SyncDir, Whence } from "./syscalls-fd.js";
export type { MmOp } from "./syscalls-mm.js";
export { allRules, appliesTo, CITE_FORM, isRegisteredCite, profilesOf, type Rule } from "./rules.js";
export { PROFILES, traitsOf, type ProfileTraits } from "./profile.js";
export { KNOBS, knobVocabulary, type Knobs } from "./knobs.js";
export { renderRulesDoc, ruleRows, type RuleRow } from "./rules-doc.js";
export type { Snapshot, SnapshotValue } from "./snapshot.js";
