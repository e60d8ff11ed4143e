// SPDX-License-Identifier: MIT
#include "profiles/curl_library.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <type_traits>

namespace cm::cmdial {
namespace {

Error NotAvailable(const char* soname, std::string_view why) {
  return Error(Errc::kUnsupported,
               fmt::format("{} could not be loaded ({}); phone book updates need libcurl "
                           "(Debian: apt-get install libcurl4)",
                           soname, why));
}

}  // namespace

Result<CurlLibrary> OpenCurlLibrary(const char* soname) {
  void* library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    return Fail(NotAvailable(soname, why != nullptr ? why : "dlopen failed"));
  }
  CurlLibrary curl;
  const char* missing = nullptr;
  auto resolve = [&](const char* name, auto* function) {
    if (missing != nullptr) return;
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr) {
      missing = name;
      return;
    }
    *function = reinterpret_cast<std::remove_pointer_t<decltype(function)>>(symbol);
  };
  resolve("curl_global_init", &curl.global_init);
  resolve("curl_easy_init", &curl.easy_init);
  resolve("curl_easy_setopt", &curl.easy_setopt);
  resolve("curl_easy_perform", &curl.easy_perform);
  resolve("curl_easy_getinfo", &curl.easy_getinfo);
  resolve("curl_easy_cleanup", &curl.easy_cleanup);
  resolve("curl_easy_strerror", &curl.easy_strerror);
  if (missing != nullptr) {
    ::dlclose(library);
    return Fail(NotAvailable(soname, fmt::format("it has no function {}", missing)));
  }
  return curl;
}

Result<const CurlLibrary*> Libcurl() {
  static const Result<CurlLibrary> loaded = []() -> Result<CurlLibrary> {
    CurlLibrary curl = CM_TRY(OpenCurlLibrary(kLibcurlSoname));
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      return Fail(Errc::kInternal, "libcurl did not initialise (curl_global_init)");
    }
    return curl;
  }();
  if (!loaded) return Fail(loaded.error());
  return &*loaded;
}

}  // namespace cm::cmdial
