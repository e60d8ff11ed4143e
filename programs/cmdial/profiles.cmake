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
  profiles/update_command.cc
  profiles/secrets.cc
  profiles/settings_commands.cc)
target_include_directories(cmdial_profiles PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
find_package(CURL REQUIRED)
target_link_libraries(cmdial_profiles PUBLIC cm cm_cli
  PRIVATE fmt::fmt nlohmann_json::nlohmann_json CURL::libcurl)
cm_target_flags(cmdial_profiles)
target_compile_options(cmdial_profiles PUBLIC -Wno-null-dereference)

if(CM_BUILD_TESTS)
  cm_add_test(cmdial_profiles_test
    SOURCES profiles/profile_store_test.cc profiles/favorites_test.cc profiles/installer_test.cc
      profiles/install_commands_test.cc profiles/dialing_test.cc profiles/pop_list_test.cc
      profiles/phonebook_commands_test.cc profiles/phonebook_update_test.cc
      profiles/phonebook_files_test.cc
      profiles/settings_commands_test.cc
    LIBS cmdial_profiles nlohmann_json::nlohmann_json)
endif()
