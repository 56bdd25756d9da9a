target_sources(keepsake - core PRIVATE jobs / JobState.h jobs / JobState.cpp)
