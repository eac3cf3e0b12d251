# Included from tests/CMakeLists.txt: one test of the main suite that builds the fuzz targets with clang (at test
# time, so the normal build stays as fast) and runs each for a few seconds. No clang fails the test, loudly.
add_test(NAME fuzz COMMAND ${PROJECT_SOURCE_DIR}/scripts/fuzz short)
set_tests_properties(fuzz PROPERTIES LABELS fuzz TIMEOUT 1800
    ENVIRONMENT "DESKPORT_FUZZ_BUILD_DIR=${CMAKE_BINARY_DIR}/fuzz")
