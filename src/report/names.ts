// The names `--reporter` accepts. Kept apart from the reporters themselves so
// that reading the command line loads none of them.

export const REPORTER_NAMES = ["pretty", "ktap", "tap", "junit", "json", "github"] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];
