// SPDX-License-Identifier: MIT
// libcurl, loaded on first use. cmdial needs it for one HTTP GET (the phone book update), but
// linking it would make every cmdial start (`cmdial pops`, `cmdial status`, ...) load libcurl's
// dozen TLS, LDAP, Kerberos and compression libraries first; dlopen() defers that to the update.
// The header <curl/curl.h> gives the types, so every pointer below has libcurl's own type.
#pragma once

#include <curl/curl.h>

#include "cm/result.h"

namespace cm::cmdial {

// The libcurl functions cmdial calls. curl_easy_setopt and curl_easy_getinfo are variadic; call
// them through these pointers exactly as the functions themselves (long, pointer or curl_off_t
// arguments as libcurl documents per option).
struct CurlLibrary {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
};

// The library Debian's libcurl4 package installs (the one cmdial is built against).
inline constexpr const char* kLibcurlSoname = "libcurl.so.4";

// Loads `soname` with dlopen and resolves every function of CurlLibrary; the library stays
// loaded for the life of the process. Errors: kUnsupported when the library cannot be loaded
// or lacks one of the functions (the message names the library, the reason and the package to
// install).
[[nodiscard]] Result<CurlLibrary> OpenCurlLibrary(const char* soname);

// OpenCurlLibrary(kLibcurlSoname) once per process, with curl_global_init done; later calls
// return the same table (or the same error). Thread-safe.
[[nodiscard]] Result<const CurlLibrary*> Libcurl();

}  // namespace cm::cmdial
