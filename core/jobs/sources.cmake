target_sources(keepsake-core PRIVATE
    jobs/JobState.h jobs/JobState.cpp
    jobs/RemotePathTemplate.h jobs/RemotePathTemplate.cpp
    jobs/RetryPolicy.h jobs/RetryPolicy.cpp
    jobs/Planner.h jobs/Planner.cpp)
target_sources(keepsake-core PRIVATE
    jobs/EngineStatus.h jobs/EngineStatus.cpp
    jobs/StatusReader.h jobs/StatusReader.cpp
    jobs/UserPause.h jobs/UserPause.cpp
    jobs/DestinationPool.h jobs/DestinationPool.cpp
    jobs/LeftoverSweep.h jobs/LeftoverSweep.cpp
    jobs/Engine.h jobs/Engine.cpp jobs/EngineBatch.cpp jobs/EngineJobRun.cpp)
target_sources(keepsake-core PRIVATE
    jobs/EngineHost.h jobs/EngineHost.cpp)
target_sources(keepsake-core PRIVATE jobs/BackupExplanation.h jobs/BackupExplanation.cpp)
