target_sources(keepsake-core PRIVATE
    upload/SigV4Signer.h upload/SigV4Signer.cpp
    upload/S3Settings.h upload/S3Settings.cpp
    upload/S3Checksums.h upload/S3Checksums.cpp
    upload/FileRangeDevice.h upload/FileRangeDevice.cpp
    upload/S3Operation.h upload/S3Operation.cpp
    upload/S3Multipart.h upload/S3Multipart.cpp
    upload/S3Destination.h upload/S3Destination.cpp)
