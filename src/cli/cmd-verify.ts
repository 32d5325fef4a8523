// `dmabuf-scn verify [PATH…] [--kernel linux-6.12,linux-7.2]`: run the
// guest-expressible steps of the scenarios on real kernels under qemu and
// compare every answer with the model's (src/verify). Without --kernel:
// linux-6.12.
import type { CliIO } from "./cli.js";
import type { CommandOptions } from "./options.js";
import { isRealKernel, REAL_KERNEL_NAMES, type RealKernelName } from "../verify/profiles.js";

export async function verifyCommand(paths: readonly string[], options: CommandOptions, io: CliIO): Promise<number> {
  const asked = options.kernels.length > 0 ? options.kernels : ["linux-6.12"];
  const unknown = asked.find((k) => !isRealKernel(k));
  if (unknown !== undefined) {
    io.stderr(`dmabuf-scn: verify: no real kernel for ${unknown}: verify boots ${REAL_KERNEL_NAMES.join(", ")}\nsee \`dmabuf-scn --help\`\n`);
    return 2;
  }
  const { verifyCommand: verify } = await import("../verify/verify.js");
  return verify(paths, asked as RealKernelName[], io);
}
