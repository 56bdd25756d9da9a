target_sources(keepsake-core PRIVATE
    credentials/CredentialStore.h credentials/CredentialStore.cpp)
