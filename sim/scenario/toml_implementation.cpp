// toml++'s implementation, compiled once into wfsim rather than loaded from
// libtomlplusplus.so (CMakeLists.txt, start-up): every other file includes
// its headers with TOML_HEADER_ONLY=0, as declarations only.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
