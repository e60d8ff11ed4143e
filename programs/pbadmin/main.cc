// SPDX-License-Identifier: MIT
// pbadmin: the Phone Book Administrator. Parses the command line and runs one subcommand.
#include <exception>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  cm::pbadmin::Output output{std::cout, std::cerr};
  try {
    return cm::pbadmin::RunPbadmin(std::vector<std::string>(argv, argv + argc), output);
  } catch (const std::exception& error) {
    std::cerr << "pbadmin: internal error: " << error.what() << "\n";
    return cm::pbadmin::kExitInternal;
  }
}
