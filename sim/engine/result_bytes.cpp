#include "engine/result_bytes.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace wfsim {
namespace {

static_assert(std::is_trivially_copyable_v<Flag>);

class Writer {
 public:
  explicit Writer(std::vector<char>& bytes) : bytes_(bytes) { bytes_.clear(); }
  template <class T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const char* p = reinterpret_cast<const char*>(&v);
    bytes_.insert(bytes_.end(), p, p + sizeof v);
  }
  template <class T>
  void values(const std::vector<T>& v) {
    value(static_cast<std::uint64_t>(v.size()));
    if (v.empty()) return;  // data() may be null, which memcpy must not be given
    const char* p = reinterpret_cast<const char*>(v.data());
    bytes_.insert(bytes_.end(), p, p + v.size() * sizeof(T));
  }

 private:
  std::vector<char>& bytes_;
};

class Reader {
 public:
  explicit Reader(std::span<const char> bytes) : bytes_(bytes) {}
  template <class T>
  void value(T& v) {
    take(&v, sizeof v);
  }
  template <class T>
  void values(std::vector<T>& v) {
    std::uint64_t n = 0;
    value(n);
    if (n > (bytes_.size() - at_) / sizeof(T)) fail();
    v.resize(n);  // reuses the buffer's capacity
    take(v.data(), n * sizeof(T));
  }
  void finish() const {
    if (at_ != bytes_.size()) fail();
  }

 private:
  void take(void* to, std::size_t n) {
    if (n > bytes_.size() - at_) fail();
    if (n == 0) return;  // an empty vector's data() may be null, which memcpy must not be given
    std::memcpy(to, bytes_.data() + at_, n);
    at_ += n;
  }
  [[noreturn]] static void fail() {
    throw std::runtime_error("a replicate's result arrived damaged from another rank");
  }
  std::span<const char> bytes_;
  std::size_t at_ = 0;
};

// One list of the fields, for both directions.
template <class Io, class Result>
void fields(Io& io, Result& r) {
  io.value(r.replicate);
  io.value(r.monthly.months);
  io.value(r.monthly.groups);
  io.value(r.monthly.bands);
  io.value(r.monthly.pipelines);
  io.value(r.monthly.international);
  io.values(r.monthly.monthly);
  io.values(r.monthly.headcount_by_age);
  io.values(r.monthly.in_training);
  io.values(r.monthly.pipeline_started);
  io.values(r.monthly.pipeline_joined);
  io.values(r.monthly.international_arrived);
  io.value(r.annual.years);
  io.value(r.annual.groups);
  io.value(r.annual.bands);
  io.value(r.annual.pipelines);
  io.values(r.annual.values);
  io.values(r.annual.headcount_by_age);
  io.values(r.annual.in_training);
  io.values(r.flags);
}

}  // namespace

void pack(const ReplicateResult& result, std::vector<char>& bytes) {
  Writer writer(bytes);
  fields(writer, result);
}

void unpack(std::span<const char> bytes, ReplicateResult& result) {
  Reader reader(bytes);
  fields(reader, result);
  reader.finish();
}

}  // namespace wfsim
