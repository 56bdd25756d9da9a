target_sources(keepsake-core PRIVATE
    common/Error.h common/Error.cpp
    common/Clock.h common/Clock.cpp
    common/FileStamp.h common/FileStamp.cpp
    common/StatTimes.h
    common/EnglishPlural.h
    common/MallocArenas.h common/MallocArenas.cpp
    common/PollEventDispatcher.h common/PollEventDispatcher.cpp
    common/ThreadPriority.h common/ThreadPriority.cpp
    common/WorkPool.h common/WorkPool.cpp)
