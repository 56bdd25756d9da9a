target_sources(keepsake-core PRIVATE
    scan/MediaType.h scan/MediaType.cpp
    scan/FileHasher.h scan/FileHasher.cpp
    scan/ChangeTime.h scan/ChangeTime.cpp
    scan/MetadataReader.h scan/MetadataReader.cpp
    scan/FileWalker.h scan/FileWalker.cpp
    scan/SourceRoot.h scan/SourceRoot.cpp
    scan/ScanTypes.h
    scan/WalkQueue.h
    scan/ScanRun.h scan/ScanRun.cpp
    scan/LibraryScanner.h scan/LibraryScanner.cpp
    scan/LibraryWatcher.h scan/LibraryWatcher.cpp)
