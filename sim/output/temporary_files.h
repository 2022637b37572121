#pragma once
// Temporary files written beside their targets (".<name>.tmp-<pid>-<host tag>") and
// the promise that none outlives its process (docs/reliability.md):
//
// - a writer registers its temporary while it exists; on SIGINT, SIGTERM
//   or SIGHUP every registered temporary is removed before the process
//   dies of the signal (handlers are installed at the first registration);
// - a process killed outright (kill -9, a power cut) cannot clean up, so
//   the next writer in the same folder removes temporaries whose process
//   is gone (sweep_stale_temporaries).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wfsim {

// Why `target` must not be written, or nullopt: it is a directory; it
// exists and is neither a regular file nor a link to one (a device, a
// fifo: renaming onto it would replace it); it is one of `inputs` (the
// run's own scenario); or its folder is missing. The message starts with
// the target as given.
struct TargetProblem {
  std::string message;
  bool named_wrong = true;  // the target itself (bad input), not a missing folder
};
std::optional<TargetProblem> target_problem(const std::filesystem::path& target,
                                            const std::vector<std::string>& inputs = {});

// The temporary for `target`: ".<name>.tmp-<pid>-<host tag>" in the same
// folder, so the rename onto the target stays on one file system. The host
// tag (8 hex digits of a hash of the host name) tells the sweep below
// whose process id it is.
std::filesystem::path temporary_for(const std::filesystem::path& target);

// A second temporary for `target`, for what a writer needs only while it
// writes (`run --keep summary`'s replicates): ".<name>.<role>.tmp-<pid>-<host tag>"
// in the same folder, so that the signal handler and the sweep of stale
// temporaries treat it as they treat temporary_for's.
std::filesystem::path scratch_for(const std::filesystem::path& target, std::string_view role);

// Removes, in `folder`, every ".*.tmp-<pid>-<host tag>" of this machine
// (or ".*.tmp-<pid>", named before the tag) whose process no longer
// exists; another machine's, on a shared file system, are left alone. Returns how many it removed. Errors are ignored: the sweep only
// tidies up.
int sweep_stale_temporaries(const std::filesystem::path& folder);

// Registers a temporary for removal on a fatal signal while the object
// lives. Keeps at most a few at once (the writers of one command).
class TemporaryGuard {
 public:
  explicit TemporaryGuard(const std::filesystem::path& path);
  ~TemporaryGuard();
  TemporaryGuard(const TemporaryGuard&) = delete;
  TemporaryGuard& operator=(const TemporaryGuard&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace wfsim
