#pragma once
// Text made on first use and kept: the resolved scenario (Model), which only
// the commands that write a file need, so validating or checking a plan
// never prints it (printing was a fifth of loading the example).
//
// Copies share one text, made once whichever copy asks first (safe across
// threads); the function that makes it must stay valid, and give the same
// text, for as long as any copy lives.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace wfsim {

class LazyText {
 public:
  LazyText() = default;
  explicit LazyText(std::function<std::string()> make)
      : state_(std::make_shared<State>(std::move(make))) {}
  // The text; empty for a default-constructed one.
  const std::string& get() const {
    static const std::string kEmpty;
    if (!state_) return kEmpty;
    std::call_once(state_->once, [this] {
      state_->text = state_->make();
      state_->make = nullptr;  // what it held (a parsed document) is no longer needed
    });
    return state_->text;
  }

 private:
  struct State {
    explicit State(std::function<std::string()> m) : make(std::move(m)) {}
    std::once_flag once;
    std::function<std::string()> make;
    std::string text;
  };
  std::shared_ptr<State> state_;
};

}  // namespace wfsim
