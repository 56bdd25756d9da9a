# Issue 7, files changing under Keepsake and security: files modified, truncated, deleted or
# replaced while they are hashed or sent (local folder, Apache WebDAV, s3rver); secrets in no file,
# output or process listing; a private profile under any umask; SQL in file names; consent
# enforced in core; TLS pins bound to one destination. CI size by default; KEEPSAKE_CHAOS_LONG=1
# runs the long variants. tst_chaos_security needs a keychain: ctest under dbus-run-session with
# gnome-keyring unlocked (scripts/test.sh does that).
keepsake_add_test(tst_chaos_changing ${CMAKE_CURRENT_LIST_DIR}/tst_chaos_changing.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_changing PROPERTIES TIMEOUT 1800)
keepsake_add_test(tst_chaos_security ${CMAKE_CURRENT_LIST_DIR}/tst_chaos_security.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_security PROPERTIES TIMEOUT 600)
keepsake_add_test(tst_chaos_security_consent
    ${CMAKE_CURRENT_LIST_DIR}/tst_chaos_security_consent.cpp
    LIBS keepsake-chaos-support LABELS chaos)
set_tests_properties(tst_chaos_security_consent PROPERTIES TIMEOUT 600)
