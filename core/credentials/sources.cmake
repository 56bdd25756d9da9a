target_sources(keepsake-core PRIVATE
    credentials/CredentialStore.h credentials/CredentialStore.cpp
    credentials/KeychainCall.h credentials/KeychainCall.cpp)
