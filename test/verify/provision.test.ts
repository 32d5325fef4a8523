import { describe, expect, it } from "vitest";
import { hostSources, sourceLines } from "../../src/verify/apt.js";
import { compareDebianVersions } from "../../src/verify/debver.js";
import { moduleChain } from "../../src/verify/modules.js";
import { chooseImage, splitPackages } from "../../src/verify/provision.js";
import { REAL_KERNELS, releaseOf } from "../../src/verify/profiles.js";

const MADISON = `linux-image-6.12.117+deb13-amd64 | 6.12.117-1 | http://mirror/debian trixie/main amd64 Packages
linux-image-6.12.118+deb13-amd64 | 6.12.118-1 | http://mirror/debian-security trixie-security/main amd64 Packages
linux-image-6.12.118+deb13-cloud-amd64 | 6.12.118-1 | http://mirror/debian-security trixie-security/main amd64 Packages
linux-image-6.12.118+deb13-amd64-unsigned | 6.12.118-1 | http://mirror/debian-security trixie-security/main amd64 Packages
linux-image-6.12.115+deb13.1-amd64 | 6.12.115-2 | http://mirror/debian-security trixie-security/main amd64 Packages
linux-image-6.12.99+deb13-amd64 | 6.12.99-1 | http://mirror/debian trixie/main amd64 Packages`;

describe("choosing the kernel", () => {
  it("takes the newest generic-flavour image, never -cloud, -rt, -unsigned or -dbg", () => {
    expect(chooseImage(REAL_KERNELS["linux-6.12"], MADISON)).toEqual({ name: "linux-image-6.12.118+deb13-amd64", version: "6.12.118-1" });
    expect(REAL_KERNELS["linux-6.12"].image.test("linux-image-6.12.118+deb13-rt-amd64")).toBe(false);
    expect(REAL_KERNELS["linux-7.2"].image.test("linux-image-7.2.13+deb14-amd64")).toBe(true);
    expect(chooseImage(REAL_KERNELS["linux-7.2"], MADISON)).toBeUndefined();
    expect(releaseOf("linux-image-7.2.13+deb14-amd64")).toBe("7.2.13+deb14-amd64");
  });

  it("orders Debian versions numerically and by revision, with ~ first", () => {
    expect(compareDebianVersions("6.12.118-1", "6.12.99-1")).toBeGreaterThan(0);
    expect(compareDebianVersions("6.12.115-2", "6.12.115-1")).toBeGreaterThan(0);
    expect(compareDebianVersions("7.2~rc1-1", "7.2-1")).toBeLessThan(0);
    expect(compareDebianVersions("1:1.0-1", "2.0-1")).toBeGreaterThan(0);
    expect(compareDebianVersions("6.12.118-1", "6.12.118-1")).toBe(0);
  });

  it("reads a split kernel's packages of the same release from the metapackage's Depends", () => {
    const show = "Package: linux-image-7.2.13+deb14-amd64\nDepends: dracut | initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool, linux-base-7.2.13+deb14-amd64 (= 7.2.13-1), linux-binary-7.2.13+deb14-amd64 (= 7.2.13-1), linux-modules-7.2.13+deb14-amd64 (= 7.2.13-1)\n";
    expect(splitPackages(show, "7.2.13+deb14-amd64")).toEqual(["linux-base-7.2.13+deb14-amd64", "linux-binary-7.2.13+deb14-amd64", "linux-modules-7.2.13+deb14-amd64"]);
  });

  it("loads vgem's dependencies first, each once", () => {
    const dep = [
      "kernel/drivers/gpu/drm/drm.ko.xz:",
      "kernel/drivers/gpu/drm/drm_shmem_helper.ko.xz: kernel/drivers/gpu/drm/drm_kms_helper.ko.xz kernel/drivers/gpu/drm/drm.ko.xz",
      "kernel/drivers/gpu/drm/drm_kms_helper.ko.xz: kernel/drivers/gpu/drm/drm.ko.xz",
      "kernel/drivers/gpu/drm/vgem/vgem.ko.xz: kernel/drivers/gpu/drm/drm_shmem_helper.ko.xz kernel/drivers/gpu/drm/drm_kms_helper.ko.xz kernel/drivers/gpu/drm/drm.ko.xz",
    ].join("\n");
    const chain = moduleChain(dep, "vgem") as string[];
    expect(chain.map((p) => p.split("/").pop())).toEqual(["drm.ko.xz", "drm_kms_helper.ko.xz", "drm_shmem_helper.ko.xz", "vgem.ko.xz"]);
    expect(moduleChain(dep, "nope")).toBe("module nope is not in modules.dep");
  });
});

describe("the private apt configuration", () => {
  const sources = `Types: deb
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

# a comment
Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

  it("takes the machine's own archives and changes only the suites", () => {
    const host = hostSources([{ name: "/etc/apt/sources.list.d/debian.sources", text: sources }]);
    expect(sourceLines(REAL_KERNELS["linux-6.12"], host)).toEqual([
      "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian trixie main",
      "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian-security trixie-security main",
    ]);
    expect(sourceLines(REAL_KERNELS["linux-7.2"], host)).toEqual(["deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian sid main"]);
  });

  it("reads one-line sources too, and says when a needed archive is missing", () => {
    const host = hostSources([{ name: "/etc/apt/sources.list", text: "deb http://mirror.example/debian bookworm main\n" }]);
    expect(sourceLines(REAL_KERNELS["linux-7.2"], host)).toEqual(["deb http://mirror.example/debian sid main"]);
    expect(sourceLines(REAL_KERNELS["linux-6.12"], host)).toBe("this machine's apt sources name no Debian security archive");
  });
});
