// Random-read latency of this machine by working-set size: a pointer chase over one 64-byte
// line per step, in a random cyclic order, so each read depends on the one before and no
// prefetcher can guess it. Shows where the caches end (the step from L2 to memory), which is
// what bounds the graph searches' random first touches. Then k independent chases interleaved
// over 64 MiB: how many misses the machine overlaps (the time per read falls about k-fold while
// the memory system keeps k reads in flight). With an argument, the buffers are advised onto
// 2 MiB pages (MADV_HUGEPAGE), to tell TLB misses from cache misses.
//
//     cc -O2 -o /tmp/memory_latency Benchmarks/tools/memory_latency.c && /tmp/memory_latency [huge]
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

int main(int argc, char **argv) {
    int huge = argc > 1;
    srand(7);
    for (size_t mib = 1; mib <= 128; mib *= 2) {
        size_t bytes = mib << 20, lines = bytes / 64;
        uint64_t *a = aligned_alloc(2 << 20, bytes);
        size_t *order = malloc(lines * sizeof(size_t));
        if (!a || !order) return 1;
        if (huge) madvise(a, bytes, MADV_HUGEPAGE);
        for (size_t i = 0; i < lines; i++) order[i] = i;
        for (size_t i = lines - 1; i > 0; i--) {
            size_t j = ((size_t)rand() << 16 ^ (size_t)rand()) % (i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (size_t i = 0; i < lines; i++) a[order[i] * 8] = order[(i + 1) % lines] * 8;
        size_t p = 0, steps = 20000000;
        for (size_t i = 0; i < lines; i++) p = a[p];  // warm: one full cycle
        struct timespec s, e;
        clock_gettime(CLOCK_MONOTONIC, &s);
        for (size_t i = 0; i < steps; i++) p = a[p];
        clock_gettime(CLOCK_MONOTONIC, &e);
        double ns = ((e.tv_sec - s.tv_sec) * 1e9 + (e.tv_nsec - s.tv_nsec)) / steps;
        printf("%4zu MiB: %6.1f ns per dependent read%s\n", mib, ns, p == 1 ? " " : "");
        if (mib == 64) {
            static const int chains[] = {2, 4, 8, 16, 32};
            for (int c = 0; c < 5; c++) {
                int k = chains[c];
                size_t q[32], rounds = steps / k;
                for (int j = 0; j < k; j++) q[j] = order[(lines / k) * j] * 8;
                clock_gettime(CLOCK_MONOTONIC, &s);
                for (size_t i = 0; i < rounds; i++)
                    for (int j = 0; j < k; j++) q[j] = a[q[j]];
                clock_gettime(CLOCK_MONOTONIC, &e);
                size_t x = 0;
                for (int j = 0; j < k; j++) x ^= q[j];
                ns = ((e.tv_sec - s.tv_sec) * 1e9 + (e.tv_nsec - s.tv_nsec)) / (double)(rounds * k);
                printf("          %2d chains: %6.1f ns per read%s\n", k, ns, x == 1 ? " " : "");
            }
        }
        free(a);
        free(order);
    }
    return 0;
}
