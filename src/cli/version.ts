// The tool's version: inlined by the build (scripts/build.mjs defines
// __DMABUF_SCN_VERSION__ from package.json); read from package.json when
// the sources run unbundled (tests).
import { readFileSync } from "node:fs";

declare const __DMABUF_SCN_VERSION__: string | undefined;

export function version(): string {
  if (typeof __DMABUF_SCN_VERSION__ === "string") return __DMABUF_SCN_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
