#pragma once
// Dimension scales attached in bulk. H5DSattach_scale rewrites the scale's
// whole REFERENCE_LIST (the datasets that use it) at every attachment, so
// attaching a scale to n datasets costs n^2, and with every variable of a
// group sharing `replicate` and `staff_group` it was most of the set-up of
// a small file. This writes each dataset's DIMENSION_LIST once, when its
// scales are attached, and each scale's REFERENCE_LIST once, at finish():
// the same attributes, in the same form (the HDF5 dimension scale
// specification), that H5DS reads and netCDF and h5netcdf follow.

#include <hdf5.h>

#include <map>
#include <vector>

namespace wfsim::h5 {

class ScaleAttacher {
 public:
  // Attaches scales[i] to axis i of `dataset`, one scale on every axis.
  void attach(hid_t dataset, const std::vector<hid_t>& scales);
  // Writes the REFERENCE_LIST of every scale attached since the last call,
  // after any entries it already has (a scale attached with H5DS too). The
  // scales must still be open.
  void finish();

 private:
  struct BackReference {
    hobj_ref_t dataset;
    int axis;
  };
  std::map<hid_t, std::vector<BackReference>> back_;  // by scale
};

}  // namespace wfsim::h5
