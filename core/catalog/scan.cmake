target_sources(keepsake-core PRIVATE
    catalog/AssetStore.h catalog/AssetStore.cpp)
