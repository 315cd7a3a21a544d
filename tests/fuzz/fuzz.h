/*
 * fuzz.h -- what every fuzz target defines.
 *
 * Each tests/fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput().  `make fuzz`
 * links it with libFuzzer (clang) to explore; `make check` links it with
 * replay.c (any compiler, ASan+UBSan) to run it over its seed corpus in
 * tests/fuzz/corpus/TARGET/, so the harnesses never rot and every input
 * that once crashed or hung stays a regression test.
 */
#ifndef JAILCTL_FUZZ_H
#define JAILCTL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs larger than this are ignored (64 KiB: the hang budget's size). */
#define FUZZ_MAX_INPUT (64 * 1024)

#endif
