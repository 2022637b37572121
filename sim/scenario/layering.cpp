#include "scenario/layering.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "scenario/reader.h"

namespace wfsim::scenario {
namespace {

namespace fs = std::filesystem;

// The key that identifies an element of an array of tables when merging.
std::string_view merge_key(const std::string& array_path) {
  return array_path == "sweep" || array_path == "uncertainty.parameter" ? "target" : "id";
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// A path named inside `from_file`, as messages show it: relative to the
// directory of that file, lexically normalised ("scenarios/../data/x.toml"
// reads "data/x.toml").
std::string resolve(const std::string& from_file, const std::string& written) {
  return (fs::path(from_file).parent_path() / written).lexically_normal().generic_string();
}

fs::path identity(const std::string& file) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(file, ec);
  return ec ? fs::absolute(file).lexically_normal() : p;
}

// A file this one names, with where it was named.
struct Reference {
  std::string written;
  std::string key;  // "scenario.extends", "scenario.include[1]"
  SourceLocation where;
};

class Layering {
 public:
  Layering(Diagnostics& out, const std::string& root) : out_(out), reader_(out, root, {}) {}

  std::set<std::string> data_files;
  std::vector<std::string> files;

  std::optional<toml::table> load(std::string_view text, const std::string& file, bool as_data) {
    files.push_back(file);
    stack_.push_back({identity(file), file});
    auto result = load_here(text, file, as_data);
    stack_.pop_back();
    return result;
  }

 private:
  struct Frame {
    fs::path identity;
    std::string file;
  };

  std::optional<toml::table> load_here(std::string_view text, const std::string& file,
                                       bool as_data) {
    if (as_data) data_files.insert(file);
    toml::table own;
    try {
      own = toml::parse(text, std::string(file));
    } catch (const toml::parse_error& e) {
      out_.push_back(Diagnostic{{file, static_cast<int>(e.source().begin.line),
                                 static_cast<int>(e.source().begin.column)},
                                "syntax",
                                std::string(e.description())});
      return std::nullopt;
    }

    std::optional<Reference> extends;
    std::vector<Reference> includes;
    take_references(own, extends, includes);

    // The base, then the includes (later ones over earlier ones), then
    // this file on top, so `remove = true` here can drop a base element.
    // Every reference is followed, so that all broken ones are reported; a
    // document with a piece missing is not checked further (its other
    // problems would mostly be echoes of the missing piece).
    toml::table result;
    bool complete = true;
    if (extends) {
      auto base = load_reference(*extends, file, "extends", as_data);
      if (base)
        result = std::move(*base);
      else
        complete = false;
    }
    for (const Reference& include : includes) {
      auto data = load_reference(include, file, "include", true);
      if (data)
        merge_table(result, *data, "");
      else
        complete = false;
    }
    if (!complete) return std::nullopt;
    merge_table(result, own, "");
    return result;
  }

  // Takes `extends` and `include` out of [scenario]: they are applied, not data.
  void take_references(toml::table& own, std::optional<Reference>& extends,
                       std::vector<Reference>& includes) {
    toml::table* scenario = own.get_as<toml::table>("scenario");
    if (!scenario) return;
    if (const toml::node* node = scenario->get("extends")) {
      if (auto written = reader_.string(node, "scenario.extends"))
        extends = Reference{*written, "scenario.extends", reader_.where(*node)};
    }
    if (const toml::node* node = scenario->get("include")) {
      if (const toml::array* array = node->as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
          const std::string key = fmt::format("scenario.include[{}]", i);
          if (auto written = reader_.string(array->get(i), key))
            includes.push_back(Reference{*written, key, reader_.where(*array->get(i))});
        }
      } else {
        reader_.error(*node, "scenario.include",
                      "expected an array of file names, got " + type_name(*node));
      }
    }
    scenario->erase("extends");
    scenario->erase("include");
  }

  std::optional<toml::table> load_reference(const Reference& ref, const std::string& from,
                                            std::string_view kind, bool as_data) {
    const std::string file = resolve(from, ref.written);
    const fs::path id = identity(file);
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      if (stack_[i].identity != id) continue;
      std::string chain;
      for (std::size_t j = i; j < stack_.size(); ++j) chain += stack_[j].file + " -> ";
      out_.push_back(
          Diagnostic{ref.where, ref.key, fmt::format("{} cycle: {}{}", kind, chain, file)});
      return std::nullopt;
    }
    if (stack_.size() >= kMaxLayerDepth) {
      out_.push_back(Diagnostic{
          ref.where, ref.key,
          fmt::format("extends and include nest more than {} files deep; is '{}' meant to be "
                      "here?",
                      kMaxLayerDepth, ref.written)});
      return std::nullopt;
    }
    InputText text = read_input_file(file);
    if (!text.text) {
      // "No such file or directory" reads as the old "cannot open"; other
      // reasons (permission, a read error, the size limit) are given.
      const bool missing = text.problem == std::strerror(ENOENT);
      out_.push_back(Diagnostic{
          ref.where, ref.key,
          fmt::format("cannot open {} file '{}'{}", kind == "include" ? "included" : "extended",
                      ref.written, missing ? "" : ": " + text.problem)});
      return std::nullopt;
    }
    return load(*text.text, file, as_data);
  }

  void merge_table(toml::table& base, toml::table& over, const std::string& path) {
    for (auto&& [k, v] : over) {
      const std::string key_path = join(path, k.str());
      toml::node* existing = base.get(k.str());
      if (existing && existing->is_table() && v.is_table()) {
        merge_table(*existing->as_table(), *v.as_table(), key_path);
      } else if (existing && existing->is_array() && v.is_array_of_tables()) {
        merge_array(*existing->as_array(), *v.as_array(), key_path);
      } else {
        // A named reference, not the structured binding: C++20 lets a lambda
        // capture neither in clang 14.
        const toml::key& key = k;
        v.visit([&](auto& n) { base.insert_or_assign(key, std::move(n)); });
        settle_removes(*base.get(k.str()), key_path);
      }
    }
  }

  // A value that lands without a base to merge into: `remove = true` in
  // any of its arrays of tables has nothing to remove (an error, and the
  // element is dropped); `remove = false` is simply taken out.
  void settle_removes(toml::node& node, const std::string& path) {
    if (toml::table* table = node.as_table()) {
      for (auto&& [k, v] : *table) settle_removes(v, join(path, k.str()));
      return;
    }
    if (!node.is_array_of_tables()) return;
    toml::array& array = *node.as_array();
    const std::string_view id_key = merge_key(path);
    for (std::size_t i = array.size(); i-- > 0;) {
      toml::table& element = *array.get(i)->as_table();
      const toml::node* id_node = element.get(id_key);
      const std::string id = id_node && id_node->is_string() ? id_node->as_string()->get() : "";
      const std::string element_path =
          id_key == "id" && is_snake_id(id) ? path + "." + id : fmt::format("{}[{}]", path, i);
      if (const toml::node* flag = element.get("remove")) {
        if (reader_.boolean(flag, element_path + ".remove").value_or(false)) {
          reader_.error(*flag, element_path + ".remove",
                        fmt::format("no inherited element with {} '{}' to remove", id_key, id));
          array.erase(array.begin() + static_cast<std::ptrdiff_t>(i));
          continue;
        }
        element.erase("remove");
      }
      settle_removes(element, element_path);
    }
  }

  void merge_array(toml::array& base, toml::array& over, const std::string& path) {
    const std::string_view id_key = merge_key(path);
    const std::size_t inherited = base.size();
    std::vector<bool> drop(inherited, false), matched(inherited, false);
    // An id given twice in one file would otherwise merge the first into
    // the inherited element and add the second as a new, incomplete one.
    std::map<std::string, SourceLocation> given;
    for (std::size_t i = 0; i < over.size(); ++i) {
      toml::table& element = *over.get(i)->as_table();
      const toml::node* id_node = element.get(id_key);
      const std::optional<std::string> id = id_node && id_node->is_string()
                                                ? std::optional(id_node->as_string()->get())
                                                : std::nullopt;
      const std::string element_path = id && id_key == "id" && is_snake_id(*id)
                                           ? path + "." + *id
                                           : fmt::format("{}[{}]", path, i);
      if (id) {
        auto [first, fresh] = given.emplace(*id, reader_.where(*id_node));
        if (!fresh) {
          reader_.error(*id_node, element_path + "." + std::string(id_key),
                        repeated_id_message(id_key, *id, first->second));
          continue;
        }
      }

      bool remove = false;
      if (const toml::node* flag = element.get("remove")) {
        remove = reader_.boolean(flag, element_path + ".remove").value_or(false);
        if (remove && !id) {
          reader_.error(*flag, element_path + ".remove",
                        fmt::format("remove = true needs the element's {}", id_key));
          remove = false;
        }
      }
      std::size_t found = inherited;
      if (id)
        for (std::size_t j = 0; j < inherited && found == inherited; ++j) {
          const toml::table* candidate = base.get(j)->as_table();
          const toml::node* candidate_id = candidate ? candidate->get(id_key) : nullptr;
          if (!drop[j] && !matched[j] && candidate_id && candidate_id->is_string() &&
              candidate_id->as_string()->get() == *id)
            found = j;
        }

      if (remove) {
        if (found == inherited)
          reader_.error(*element.get("remove"), element_path + ".remove",
                        fmt::format("no inherited element with {} '{}' to remove", id_key, *id));
        else
          drop[found] = true;
        continue;
      }
      element.erase("remove");
      if (found != inherited) {
        matched[found] = true;
        merge_table(*base.get(found)->as_table(), element, element_path);
      } else {
        base.push_back(std::move(element));
        settle_removes(*base.back().as_table(), element_path);
      }
    }
    for (std::size_t j = inherited; j-- > 0;)
      if (drop[j]) base.erase(base.begin() + static_cast<std::ptrdiff_t>(j));
  }

  Diagnostics& out_;
  Reader reader_;
  std::vector<Frame> stack_;
};

}  // namespace

InputText read_input_file(const fs::path& path) {
  InputText result;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.problem = std::strerror(errno);
    return result;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    result.problem = std::strerror(errno);
    return result;
  }
  if (S_ISDIR(info.st_mode)) {
    result.problem = "is a directory";
    return result;
  }
  if (!S_ISREG(info.st_mode)) {
    result.problem = "not a regular file";
    return result;
  }
  const std::string too_large =
      fmt::format("is larger than the {} MiB limit on input files", kMaxInputBytes >> 20);
  if (static_cast<std::uintmax_t>(info.st_size) > kMaxInputBytes) {
    result.problem = too_large;
    return result;
  }
  // Read to the end, not to st_size: files in /proc report 0 bytes. A
  // failed read is an error, never the end of the text.
  std::string text(static_cast<std::size_t>(info.st_size) + 1, '\0');
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (text.size() > kMaxInputBytes) {
        result.problem = too_large;
        return result;
      }
      text.resize(std::min(kMaxInputBytes + 1, text.size() * 2));
    }
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      result.problem = fmt::format("read error: {}", std::strerror(errno));
      return result;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > kMaxInputBytes) {
    result.problem = too_large;
    return result;
  }
  text.resize(used);
  result.text = std::move(text);
  return result;
}

std::optional<std::string> read_text_file(const fs::path& path) {
  return read_input_file(path).text;
}

LayeredDocument load_layered(std::string_view text, const fs::path& path, Diagnostics& out) {
  const std::string file = path.generic_string();
  Layering layering(out, file);
  LayeredDocument document;
  document.table = layering.load(text, file, false);
  document.data_files = std::move(layering.data_files);
  document.files = std::move(layering.files);
  return document;
}

}  // namespace wfsim::scenario
