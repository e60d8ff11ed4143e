// SPDX-License-Identifier: MIT
// cmdial: the Connection Manager client. Parses the command line and runs one command.
#include <exception>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  cm::cli::Output output{std::cout, std::cerr};
  try {
    return cm::cmdial::RunCmdial(std::vector<std::string>(argv, argv + argc), output);
  } catch (const std::exception& error) {
    std::cerr << "cmdial: internal error: " << error.what() << "\n";
    return cm::cli::kExitInternal;
  }
}
