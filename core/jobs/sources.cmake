target_sources(keepsake-core PRIVATE
    jobs/JobState.h jobs/JobState.cpp
    jobs/RemotePathTemplate.h jobs/RemotePathTemplate.cpp
    jobs/RetryPolicy.h jobs/RetryPolicy.cpp
    jobs/Planner.h jobs/Planner.cpp)
