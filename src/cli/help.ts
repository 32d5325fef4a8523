// The usage text of `dmabuf-scn --help`: commands, options, goldens,
// environment and exit codes. Kept within 78 columns.

export const HELP = `dmabuf-scn: scenarios of GPU buffer sharing (dma-buf, PRIME, userptr,
RDMA MRs), run on a model of the Linux kernel

Usage:
  dmabuf-scn run [PATH... | -] [-u]   run scenarios; judge outcomes,
                                      expectations and goldens
  dmabuf-scn check [PATH... | -]      parse and check only
  dmabuf-scn fmt [--check] [PATH...]  canonical formatting, comments kept
  dmabuf-scn list [PATH...]           scenarios, tags and profiles used
  dmabuf-scn profiles                 kernel profiles and knobs: what
                                      each changes, with its citation
  dmabuf-scn rules [--kernel PROFILE] [--format text|json]
                                      every rule of the model: profiles,
                                      the kernel source it encodes
  dmabuf-scn verify [PATH...] [--kernel LIST]
                                      run the steps a guest can perform
                                      on real kernels under qemu; diff
                                      each answer against the model
  dmabuf-scn emit-c FILE              the C program verify builds for
                                      FILE's scenarios
  dmabuf-scn mail FILE [--scenario NAME] [--kernel LIST]
                                      the scenario, its result and a
                                      trailer as plain text for a mail
  dmabuf-scn explain FILE [--scenario NAME] [--format text|dot|mermaid]
                                      step-by-step trace: kernel path,
                                      objects and references; the object
                                      graph at the end
  dmabuf-scn reduce FILE [--scenario NAME]
                                      shrink a failing scenario to the
                                      steps its failure needs, to mail
  dmabuf-scn help                     show this text
  dmabuf-scn --version                print the version

PATH is a .scn file, a directory (searched for *.scn, sorted, skipping
node_modules and dot-directories), or - for standard input. Without a
PATH, the current directory. Given a mail (standard input, or a file
not ending in .scn), run finds the scenarios in it, quoted or not, and
says whether a result block the mail carries still holds.

Options:
  -u, --update         run: rewrite goldens that differ or are missing
      --prune          run: remove golden entries (and golden files) that
                       no scenario has any more
      --reporter NAME[:PATH]
                       run, check: pretty (default), ktap, tap, junit,
                       json or github; to PATH instead of stdout;
                       repeatable
      --tag TAG        run, list: only scenarios with this tag
                       (repeatable, or TAG,TAG: any of them)
      --grep PATTERN   run, list: only titles matching this regular
                       expression
      --kernel LIST    run: also run each scenario under these profiles
                       (linux-5.10,linux-6.1) and show the outcomes
                       side by side; only its own profile is judged;
                       verify: the real kernels to boot (linux-6.12,
                       the default, and linux-7.2); mail: outcomes under
                       these profiles side by side
      --shard I/N      run, list: this machine's share I of N; stable
                       as the corpus grows
  -j, --jobs N         run: threads running files, this one and N-1
                       workers (default: every core when the run is
                       large, else 1)
      --check          fmt: list files that would change; write nothing
      --scenario NAME  mail, explain, reduce: the scenario with this
                       title (default: every scenario; reduce: the one)
      --format FORMAT  explain: text (default), dot or mermaid
  -h, --help           show this text
      --version        print the version

Goldens:
  x.scn has its golden state in x.golden.yaml beside it, keyed by
  scenario title. A local run writes a missing one and says so; with CI
  set, a missing golden fails and nothing is written. Titles and golden
  files no scenario has any more are reported; --prune removes them. A
  run with --tag, --grep or --shard judges and writes only the entries
  of the scenarios it ran. Standard input has no golden: it is
  judged on its inline expectations alone.

Environment:
  CI           set (and not "", "0" or "false"): missing goldens fail
  NO_COLOR     set and not empty: no colour
  FORCE_COLOR  colour even when stdout is not a terminal ("0": never)
  XDG_CACHE_HOME
               verify keeps downloaded kernels in its dmabuf-scn/
               (default ~/.cache/dmabuf-scn)
  GITHUB_STEP_SUMMARY
               with --reporter github: a Markdown summary is appended
               to this file

Exit codes:
  0  every scenario passed
  1  a scenario failed: a step outcome, an expectation, or its golden
     (a difference, or a golden missing under CI); fmt --check: a file
     would change
  2  an input was invalid (diagnostics, an unreadable path, a directory
     without .scn files), the command line was wrong, a report file
     could not be written, or dmabuf-scn hit an internal error (a bug:
     please report it); verify: a host package is missing
  verify: 1 the model and a real kernel disagree on a step; 3 a real
     kernel is unavailable (no longer offered, or not fetched) and
     every kernel that booted agreed
`;
