/* SPDX-License-Identifier: MIT */
/* A real shared-library custom action for cmdial's tests (the seed's DLL model): entry points
   with the signature int Entry(void* parent, void* handle, const char* command_line,
   uint32_t reserved). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* command_line: "FILE TEXT...": appends one line describing the call to FILE; returns 0. */
int Record(void* parent, void* handle, const char* command_line, uint32_t reserved) {
  char path[4096];
  const char* space = strchr(command_line, ' ');
  size_t length = space ? (size_t)(space - command_line) : strlen(command_line);
  if (length == 0 || length >= sizeof path) return -2;
  memcpy(path, command_line, length);
  path[length] = '\0';
  FILE* out = fopen(path, "a");
  if (!out) return -3;
  fprintf(out, "parent=%s handle=%s reserved=%u text=%s\n", parent ? "set" : "null",
          handle ? "set" : "null", (unsigned)reserved, space ? space + 1 : "");
  fclose(out);
  return 0;
}

/* Always fails with -5 (an HRESULT below zero). */
int Refuse(void* parent, void* handle, const char* command_line, uint32_t reserved) {
  (void)parent;
  (void)handle;
  (void)command_line;
  (void)reserved;
  return -5;
}
