// The real kernels verify boots, one per model profile: which Debian suites
// offer it, how its image package is recognised among the names apt knows
// (by pattern, never a fixed patch level), whether it is split into
// packages, and the release last verified (to report drift).

export type RealKernelName = "linux-6.12" | "linux-7.2";

export interface RealKernel {
  name: RealKernelName;
  /** Suites of the machine's own Debian sources to look in: the main archive's and the security archive's. */
  suites: { archive: "main" | "security"; suite: string }[];
  /** sid's Release file is often past its Valid-Until date. */
  checkValidUntil: boolean;
  /** The generic-flavour image package: not -cloud, -rt, -unsigned or -dbg. */
  image: RegExp;
  /** A metapackage whose Depends name the binary, modules and base packages of the same release. */
  split: boolean;
  /** `uname -r` of the kernel these scenarios were last verified on. */
  lastVerified: string;
}

export const REAL_KERNELS: Readonly<Record<RealKernelName, RealKernel>> = {
  "linux-6.12": {
    name: "linux-6.12",
    suites: [{ archive: "main", suite: "trixie" }, { archive: "security", suite: "trixie-security" }],
    checkValidUntil: true,
    image: /^linux-image-6\.12\.[0-9]+\+deb13(\.[0-9]+)?-amd64$/,
    split: false,
    lastVerified: "6.12.118+deb13-amd64",
  },
  "linux-7.2": {
    name: "linux-7.2",
    suites: [{ archive: "main", suite: "sid" }],
    checkValidUntil: false,
    image: /^linux-image-7\.2\.[0-9]+\+deb14(\.[0-9]+)?-amd64$/,
    split: true,
    lastVerified: "7.2.13+deb14-amd64",
  },
};

export const REAL_KERNEL_NAMES = Object.keys(REAL_KERNELS) as RealKernelName[];

export function isRealKernel(name: string): name is RealKernelName {
  return Object.hasOwn(REAL_KERNELS, name);
}

/** The release a `linux-image-RELEASE` package installs (`uname -r`). */
export function releaseOf(imagePackage: string): string {
  return imagePackage.replace(/^linux-image-/, "");
}
