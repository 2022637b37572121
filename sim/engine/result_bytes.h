#pragma once
// A replicate's result as bytes, for sending it from one process to
// another (ranks.h): every number as the engine computed it, so the
// receiver consumes exactly what a thread of its own would have.

#include <span>
#include <vector>

#include "engine/replicates.h"

namespace wfsim {

void pack(const ReplicateResult& result, std::vector<char>& bytes);
// Throws std::runtime_error on bytes that pack() did not write.
void unpack(std::span<const char> bytes, ReplicateResult& result);

}  // namespace wfsim
