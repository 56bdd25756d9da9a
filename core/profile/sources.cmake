target_sources(keepsake-core PRIVATE
    profile/Profile.h profile/Profile.cpp
    profile/EngineLock.h profile/EngineLock.cpp)
