// SPDX-License-Identifier: MIT
// pbadmin: the Phone Book Administrator.
int main() { return 0; }
