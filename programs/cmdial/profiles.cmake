# SPDX-License-Identifier: MIT
# cmdial_profiles: the installed profiles and their phone books (sources in profiles/).
add_library(cmdial_profiles STATIC
  profile_commands.cc
  profiles/profile_store.cc
  profiles/favorites.cc
  profiles/installer.cc
  profiles/install_commands.cc
  profiles/dialing.cc
  profiles/pop_list.cc
  profiles/phonebook_files.cc
  profiles/phonebook_commands.cc
  profiles/phonebook_update.cc
  profiles/book_updates.cc
  profiles/book_pops.cc
  profiles/curl_library.cc
  profiles/update_command.cc
  profiles/secrets.cc
  profiles/settings_commands.cc)
target_include_directories(cmdial_profiles PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
# libcurl is loaded with dlopen on the first phone book update (profiles/curl_library.h), so
# only its headers are used here: cmdial starts without libcurl and its dozen dependencies.
find_package(CURL REQUIRED)
target_include_directories(cmdial_profiles PUBLIC ${CURL_INCLUDE_DIRS})
target_link_libraries(cmdial_profiles PUBLIC cm cm_cli
  PRIVATE fmt::fmt nlohmann_json::nlohmann_json ${CMAKE_DL_LIBS})
cm_target_flags(cmdial_profiles)
target_compile_options(cmdial_profiles PUBLIC -Wno-null-dereference)

if(CM_BUILD_TESTS)
  cm_add_test(cmdial_profiles_test
    SOURCES profiles/profile_store_test.cc profiles/favorites_test.cc profiles/installer_test.cc
      profiles/install_commands_test.cc profiles/dialing_test.cc profiles/pop_list_test.cc
      profiles/phonebook_commands_test.cc profiles/phonebook_update_test.cc
      profiles/merged_books_test.cc
      profiles/phonebook_files_test.cc profiles/curl_library_test.cc
      profiles/settings_commands_test.cc
    LIBS cmdial_profiles nlohmann_json::nlohmann_json)
endif()
