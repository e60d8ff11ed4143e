// SPDX-License-Identifier: MIT
// pbserver: the Phone Book Service. Parses the command line and serves or runs one command.
#include <exception>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  try {
    return cm::pbserver::RunPbserver(std::vector<std::string>(argv, argv + argc), std::cin,
                                     std::cout, std::cerr);
  } catch (const std::exception& error) {
    std::cerr << "pbserver: internal error: " << error.what() << "\n";
    return 70;
  }
}
