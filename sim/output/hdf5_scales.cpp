#include "output/hdf5_scales.h"

#include <cstddef>

#include "output/hdf5_handles.h"

namespace wfsim::h5 {
namespace {

hobj_ref_t reference_to(hid_t object) {
  hobj_ref_t ref{};
  check(H5Rcreate(&ref, object, ".", H5R_OBJECT, -1), "make a reference");
  return ref;
}

// REFERENCE_LIST's type: {dataset: object reference, dimension: int}, as H5DS writes it.
Id back_reference_type(std::size_t size, std::size_t axis_offset) {
  Id type(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "make the REFERENCE_LIST type");
  check(H5Tinsert(type, "dataset", 0, H5T_STD_REF_OBJ), "make the REFERENCE_LIST type");
  check(H5Tinsert(type, "dimension", axis_offset, H5T_NATIVE_INT), "make the REFERENCE_LIST type");
  return type;
}

}  // namespace

void ScaleAttacher::attach(hid_t dataset, const std::vector<hid_t>& scales) {
  const hobj_ref_t self = reference_to(dataset);
  std::vector<hobj_ref_t> refs;
  for (hid_t scale : scales) refs.push_back(reference_to(scale));
  std::vector<hvl_t> lists(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) lists[i] = hvl_t{1, &refs[i]};
  Id type(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose, "make the DIMENSION_LIST type");
  const hsize_t rank = refs.size();
  Id space(H5Screate_simple(1, &rank, nullptr), H5Sclose, "make a space for DIMENSION_LIST");
  Id attr(H5Acreate2(dataset, "DIMENSION_LIST", type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "create DIMENSION_LIST");
  check(H5Awrite(attr, type, lists.data()), "write DIMENSION_LIST");
  for (std::size_t i = 0; i < scales.size(); ++i)
    back_[scales[i]].push_back({self, static_cast<int>(i)});
}

void ScaleAttacher::finish() {
  Id type = back_reference_type(sizeof(BackReference), offsetof(BackReference, axis));
  for (auto& [scale, entries] : back_) {
    std::vector<BackReference> all;
    if (H5Aexists(scale, "REFERENCE_LIST") > 0) {
      Id old(H5Aopen(scale, "REFERENCE_LIST", H5P_DEFAULT), H5Aclose, "open REFERENCE_LIST");
      Id old_space(H5Aget_space(old), H5Sclose, "get the space of REFERENCE_LIST");
      all.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(old_space)));
      check(H5Aread(old, type, all.data()), "read REFERENCE_LIST");
      old.reset();
      check(H5Adelete(scale, "REFERENCE_LIST"), "replace REFERENCE_LIST");
    }
    all.insert(all.end(), entries.begin(), entries.end());
    const hsize_t n = all.size();
    Id space(H5Screate_simple(1, &n, nullptr), H5Sclose, "make a space for REFERENCE_LIST");
    Id attr(H5Acreate2(scale, "REFERENCE_LIST", type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
            "create REFERENCE_LIST");
    check(H5Awrite(attr, type, all.data()), "write REFERENCE_LIST");
  }
  back_.clear();
}

}  // namespace wfsim::h5
