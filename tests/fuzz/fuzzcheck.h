#pragma once

#include <cstdio>
#include <cstdlib>

// An invariant of the code under test: when it fails, libFuzzer sees the abort and keeps the input as crash-*.
// Not Q_ASSERT: this must hold whatever the build type.
#define FUZZ_CHECK(condition)                                                                                      \
    do {                                                                                                           \
        if (!(condition)) {                                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition);                \
            std::abort();                                                                                          \
        }                                                                                                          \
    } while (false)
