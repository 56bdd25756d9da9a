# Storage chaos (issue 7): full, read-only and vanishing disks under the destination, the library
# and the catalog; a damaged catalog restored from the copy Keepsake keeps. The mounts are real
# (tmpfs, bind mounts): the tests run as root, as CI does, and fail (never skip) without it.
add_library(keepsake-chaos-storage STATIC TestMount.h TestMount.cpp
    StorageChecks.h StorageChecks.cpp)
target_link_libraries(keepsake-chaos-storage PUBLIC keepsake-chaos-support)

keepsake_add_test(tst_chaos_storage tst_chaos_storage.cpp
    LIBS keepsake-chaos-storage LABELS chaos)
set_tests_properties(tst_chaos_storage PROPERTIES TIMEOUT 900)
keepsake_add_test(tst_chaos_catalog tst_chaos_catalog.cpp
    LIBS keepsake-chaos-storage LABELS chaos)
set_tests_properties(tst_chaos_catalog PROPERTIES TIMEOUT 900)
