#include "MallocArenas.h"

#include <cstdlib> // defines __GLIBC__ where it is glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ks {

void limitMallocArenas(int arenas)
{
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, arenas);
#else
    (void)arenas; // other allocators size their pools themselves
#endif
}

} // namespace ks
