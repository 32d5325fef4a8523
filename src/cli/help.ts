// The usage text of `dmabuf-scn --help`: commands, options, goldens,
// environment and exit codes. Kept within 78 columns.

export const HELP = `dmabuf-scn: scenarios of GPU buffer sharing (dma-buf, PRIME, userptr,
RDMA MRs), run on a model of the Linux kernel

Usage:
  dmabuf-scn run [PATH... | -] [-u]   run scenarios; judge outcomes,
                                      expectations and goldens
  dmabuf-scn check [PATH... | -]      parse and check only
  dmabuf-scn help                     show this text
  dmabuf-scn --version                print the version

PATH is a .scn file, a directory (searched for *.scn, sorted, skipping
node_modules and dot-directories), or - for standard input. Without a
PATH, the current directory.

Options:
  -u, --update    run: rewrite goldens that differ, drop obsolete titles
  -h, --help      show this text
      --version   print the version

Goldens:
  x.scn has its golden state in x.golden.yaml beside it, keyed by
  scenario title. A local run writes a missing one and says so; with CI
  set, a missing golden fails and nothing is written. Standard input has
  no golden: it is judged on its inline expectations alone.

Environment:
  CI           set (and not "", "0" or "false"): missing goldens fail
  NO_COLOR     set and not empty: no colour
  FORCE_COLOR  colour even when stdout is not a terminal ("0": never)

Exit codes:
  0  every scenario passed
  1  a scenario failed: a step outcome, an expectation, or its golden
     (a difference, or a golden missing under CI)
  2  an input was invalid (diagnostics, an unreadable path, a directory
     without .scn files), the command line was wrong, or dmabuf-scn hit
     an internal error (a bug: please report it)
`;
