target_sources(keepsake-core PRIVATE
    policy/ConsentScope.h
    policy/BandwidthLimiter.h policy/BandwidthLimiter.cpp)
