#include "output/junit.h"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "model/printable.h"
#include "output/temporary_files.h"

namespace wfsim {
namespace {

// XML 1.0 cannot carry most control characters, not even as character
// references, and the file says UTF-8: printable() turns what it cannot
// carry into visible escapes (as every message has them), then markup is
// escaped. Line breaks and tabs stay, as references so that attribute
// values keep them.
std::string escape(const std::string& text) {
  std::string out;
  for (char c : printable(text, true)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string junit_xml(const std::vector<JunitSuite>& suites) {
  int tests = 0, failures = 0, errors = 0;
  double seconds = 0;
  for (const auto& s : suites) {
    tests += static_cast<int>(s.cases.size());
    seconds += s.seconds;
    for (const auto& c : s.cases) {
      failures += c.failed;
      errors += c.error;
    }
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"wfsim check\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "time=\"{:.3f}\">\n",
      tests, failures, errors, seconds);
  for (const auto& s : suites) {
    int f = 0, e = 0;
    for (const auto& c : s.cases) {
      f += c.failed;
      e += c.error;
    }
    xml += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
        escape(s.name), s.cases.size(), f, e, s.seconds);
    for (const auto& c : s.cases) {
      xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
                         escape(c.classname), escape(c.name));
      if (!c.failed && !c.error) {
        xml += "/>\n";
        continue;
      }
      const char* tag = c.error ? "error" : "failure";
      xml += fmt::format(">\n      <{} message=\"{}\">{}</{}>\n    </testcase>\n", tag,
                         escape(c.message), escape(c.detail.empty() ? c.message : c.detail), tag);
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  return xml;
}

void write_junit(const std::filesystem::path& path, const std::vector<JunitSuite>& suites) {
  const auto temporary = temporary_for(path);
  {
    std::ofstream out(temporary);
    out << junit_xml(suites);
    if (!out) {
      std::filesystem::remove(temporary);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace wfsim
