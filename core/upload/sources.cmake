target_sources(keepsake-core PRIVATE
    upload/Destination.h upload/Destination.cpp
    upload/DestinationFactory.h upload/DestinationFactory.cpp
    upload/LocalDestination.h upload/LocalDestination.cpp)
target_sources(keepsake-core PRIVATE
    upload/HttpErrors.h upload/HttpErrors.cpp
    upload/HttpResponseParser.h upload/HttpResponseParser.cpp
    upload/DirectHttpPool.h upload/DirectHttpPool.cpp
    upload/DirectHttpReply.h upload/DirectHttpReply.cpp
    upload/FileToSocket.h upload/FileToSocket.cpp
    upload/HttpSend.h upload/HttpSend.cpp
    upload/TlsTrust.h upload/TlsTrust.cpp
    upload/TransferTimeout.h upload/TransferTimeout.cpp
    upload/WebDavDestination.h upload/WebDavDestination.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/s3.cmake)
