# Issue 7, kills: keepsake-cli backup, keepsake-cli scan and the desktop app SIGKILLed at random
# moments, per destination kind, each scenario ending with ChaosAudit's audit.
# CI size by default; KEEPSAKE_CHAOS_LONG=1 runs the long variants (see docs/reliability.md).
add_library(keepsake-chaos-kill STATIC ${CMAKE_CURRENT_LIST_DIR}/KillLoop.h
    ${CMAKE_CURRENT_LIST_DIR}/KillLoop.cpp)
target_link_libraries(keepsake-chaos-kill PUBLIC keepsake-chaos-support)
if(KEEPSAKE_SANITIZE)
    target_compile_definitions(keepsake-chaos-kill PRIVATE KEEPSAKE_KILLS_SANITIZED)
endif()

foreach(kind audit local webdav s3 scan)
    keepsake_add_test(tst_chaos_kill_${kind} ${CMAKE_CURRENT_LIST_DIR}/tst_chaos_kill_${kind}.cpp
        LIBS keepsake-chaos-kill LABELS chaos)
    set_tests_properties(tst_chaos_kill_${kind} PROPERTIES TIMEOUT 1800)
endforeach()

# The desktop app, only where it is built.
if(KEEPSAKE_BUILD_GUI)
    keepsake_add_test(tst_chaos_kill_gui ${CMAKE_CURRENT_LIST_DIR}/tst_chaos_kill_gui.cpp
        LIBS keepsake-chaos-kill LABELS chaos)
    set_property(TEST tst_chaos_kill_gui APPEND PROPERTY
        ENVIRONMENT "KEEPSAKE_GUI=$<TARGET_FILE:keepsake>")
    set_tests_properties(tst_chaos_kill_gui PROPERTIES TIMEOUT 1800)
endif()

# What a killed upload left on the destination, when its file is removed before the next run.
keepsake_add_test(tst_chaos_leftovers ${CMAKE_CURRENT_LIST_DIR}/tst_chaos_leftovers.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_leftovers PROPERTIES TIMEOUT 600)
