#include "output/hdf5_shared.h"

#include <stdexcept>

#include "engine/ranks.h"

namespace wfsim {

SharedFile broadcast_shared(SharedFile file) {
  std::string target = file.target, temporary = file.temporary, scratch = file.scratch;
  broadcast(target);
  broadcast(temporary);
  broadcast(scratch);
  return {target, temporary, scratch};
}

#ifdef H5_HAVE_PARALLEL

h5::Id open_shared_hdf5(const std::filesystem::path& file) {
  h5::Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "make file access properties");
  h5::check(H5Pset_fapl_mpio(access, MPI_COMM_WORLD, MPI_INFO_NULL), "use MPI-IO");
  // As the writer that laid the file out (hdf5_writer.cpp): the 1.8 format.
  h5::check(H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18), "set the file format");
  return h5::Id(H5Fopen(file.c_str(), H5F_ACC_RDWR, access), H5Fclose,
                "open " + file.string() + " on every rank");
}

h5::Id collective_transfer() {
  h5::Id transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "make transfer properties");
  h5::check(H5Pset_dxpl_mpio(transfer, H5FD_MPIO_COLLECTIVE), "write together");
  return transfer;
}

void flush_shared_hdf5(const h5::Id& file) {
  // MPI-IO makes one rank's writes visible to another after both have
  // synchronised the file (H5Fflush does) and passed a barrier.
  h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush the file");
  wait_for_ranks();
}

#else

namespace {
[[noreturn]] void refuse() {
  throw std::logic_error("a file shared by ranks needs HDF5 built for MPI (the mpi preset)");
}
}  // namespace

h5::Id open_shared_hdf5(const std::filesystem::path&) {
  refuse();
}

h5::Id collective_transfer() {
  refuse();
}

void flush_shared_hdf5(const h5::Id&) {
  refuse();
}

#endif

}  // namespace wfsim
