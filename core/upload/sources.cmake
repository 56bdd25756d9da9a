target_sources(keepsake-core PRIVATE
    upload/Destination.h upload/Destination.cpp)
