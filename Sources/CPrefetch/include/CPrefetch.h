// A software prefetch for the graph searches: Swift has no prefetch of its own, and a plain load
// of a line the search needs next would stall retirement until the line arrives.
#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to bring the cache line holding `address` in, without waiting for it (a
/// hint: an invalid address does not fault).
static inline void aml_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
