// SPDX-License-Identifier: MIT
// cmak: the Connection Manager Administration Kit. Parses the command line and runs one command.
#include <exception>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  cm::cmak::Output output{std::cout, std::cerr};
  try {
    return cm::cmak::RunCmak(std::vector<std::string>(argv, argv + argc), output);
  } catch (const std::exception& error) {
    std::cerr << "cmak: internal error: " << error.what() << "\n";
    return cm::cmak::kExitInternal;
  }
}
