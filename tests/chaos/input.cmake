# Bad input (issue 7): hostile names and odd files in a library, backed up through the real CLI;
# the fuzz targets of tests/fuzz replay their seeds and findings as tests of this group.
keepsake_add_test(tst_chaos_names tst_chaos_names.cpp LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_names PROPERTIES TIMEOUT 600)
keepsake_add_test(tst_chaos_oddfiles tst_chaos_oddfiles.cpp LIBS keepsake-chaos-support
    LABELS chaos)
set_tests_properties(tst_chaos_oddfiles PROPERTIES TIMEOUT 900)
add_subdirectory(${PROJECT_SOURCE_DIR}/tests/fuzz ${PROJECT_BINARY_DIR}/tests/fuzz)
