target_sources(keepsake-core PRIVATE
    control/ControlServer.h control/ControlServer.cpp)
