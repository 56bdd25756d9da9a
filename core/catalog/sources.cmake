target_sources(keepsake-core PRIVATE
    catalog/Database.h catalog/Database.cpp
    catalog/CatalogCheckpoint.h catalog/CatalogCheckpoint.cpp
    catalog/CatalogBackup.h catalog/CatalogBackup.cpp
    catalog/CatalogFailure.h catalog/CatalogFailure.cpp
    catalog/Migrations.h catalog/Migrations.cpp
    catalog/Transaction.h catalog/Transaction.cpp
    catalog/WriterTurn.h catalog/WriterTurn.cpp
    catalog/SqlQuery.h
    catalog/NamedPlaceholders.h catalog/NamedPlaceholders.cpp
    catalog/SettingKeys.h
    catalog/SettingsStore.h catalog/SettingsStore.cpp
    catalog/SourceStore.h catalog/SourceStore.cpp
    catalog/DestinationStore.h catalog/DestinationStore.cpp
    catalog/ConsentStore.h catalog/ConsentStore.cpp)
# Owned by the scan: assets, resources, scan problems.
include(catalog/scan.cmake OPTIONAL)
# Owned by the job engine: jobs and history.
include(catalog/jobs.cmake OPTIONAL)
target_sources(keepsake-core PRIVATE catalog/LibraryStats.h catalog/LibraryStats.cpp)
