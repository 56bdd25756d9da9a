target_sources(keepsake-core PRIVATE
    policy/ConsentScope.h
    policy/PauseReason.h
    policy/NetworkState.h
    policy/PowerState.h
    policy/PolicySettings.h policy/PolicySettings.cpp
    policy/PolicyGate.h policy/PolicyGate.cpp
    policy/QtNetworkStateSource.h policy/QtNetworkStateSource.cpp
    policy/UPowerStateSource.h policy/UPowerStateSource.cpp
    policy/SleepInhibitor.h policy/SleepInhibitor.cpp
    policy/LocationStripper.h policy/LocationStripper.cpp
    policy/BandwidthLimiter.h policy/BandwidthLimiter.cpp)
