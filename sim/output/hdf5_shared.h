#pragma once
// HDF5 files that every rank of an MPI run opens together, through HDF5's
// MPI-IO driver, to write its own part of them (docs/mpi.md). Built
// without MPI, there is one rank, no file is shared, and these refuse.

#include <filesystem>

#include "output/hdf5_handles.h"
#include "output/hdf5_writer.h"

namespace wfsim {

// Rank 0's `file` on every rank (the others pass an empty one).
SharedFile broadcast_shared(SharedFile file);

// Opens an existing file for writing on every rank (a collective call).
h5::Id open_shared_hdf5(const std::filesystem::path& file);

// Transfer properties for writes that every rank makes together
// (collective), as HDF5 needs for compressed chunks.
h5::Id collective_transfer();

// Writes out what this rank wrote to `file` and returns once every rank
// has (a collective call): each rank then reads the others' values.
void flush_shared_hdf5(const h5::Id& file);

}  // namespace wfsim
