target_sources(keepsake-core PRIVATE
    catalog/JobStore.h catalog/JobStore.cpp
    catalog/StatementCache.h catalog/StatementCache.cpp
    catalog/EventStore.h catalog/EventStore.cpp)
