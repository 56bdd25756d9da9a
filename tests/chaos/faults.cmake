# Network faults and clock jumps (docs/reliability.md, "Network faults" and "Clock jumps").
keepsake_add_test(tst_chaos_network tst_chaos_network.cpp NetRig.h NetRig.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_network PROPERTIES TIMEOUT 600)
keepsake_add_test(tst_chaos_netmix tst_chaos_netmix.cpp NetRig.h NetRig.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_netmix PROPERTIES TIMEOUT 3600)
keepsake_add_test(tst_chaos_offline tst_chaos_offline.cpp NetRig.h NetRig.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_offline PROPERTIES TIMEOUT 300)
keepsake_add_test(tst_chaos_clock tst_chaos_clock.cpp ClockRig.h NetRig.h NetRig.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_clock PROPERTIES TIMEOUT 300)
