// AVX-512 scoring of pairs of small trees: all 64 node comparisons of two trees in two
// instructions (a byte permute gathers each node's feature rank, an unsigned byte compare tests
// it against the node's threshold rank), then each tree's leaf is the one whose root path agrees
// with the comparison bits (two 16-lane compares and a count of trailing zeros). There is no
// data-dependent walk, so rows and trees pipeline freely. The layout is in CForestKernels.h.
#include "CForestKernels.h"

void amlgraph_forest_rank(const float *x, size_t width, size_t rows, const int32_t *columns, size_t used, const int32_t *starts,
                          const float *thresholds, uint8_t *ranks, size_t stride) {
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * width;
        uint8_t *dst = ranks + r * stride;
        for (size_t f = 0; f < used; f++) {
            const float v = row[columns[f]];
            const float *t = thresholds + starts[f], *b = t;
            int32_t n = starts[f + 1] - starts[f];
            // Lower bound by halving; the step is an arithmetic select, never a branch.
            while (n > 1) {
                const int32_t half = n >> 1;
                b += half & -(int32_t)(b[half] < v);
                n -= half;
            }
            dst[f] = (uint8_t)((b - t) + (*b < v));
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

int amlgraph_forest_avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi");
}

/// The leaf of one tree: the lowest leaf whose path (mask, bits) agrees with the outcome bits.
__attribute__((target("avx512f,avx512bw,avx512vbmi,bmi"))) static inline unsigned
leaf_of(uint32_t outcome, __m512i mask0, __m512i mask1, __m512i bits0, __m512i bits1) {
    __m512i o = _mm512_set1_epi32((int)outcome);
    __mmask16 k0 = _mm512_cmpeq_epi32_mask(_mm512_and_si512(o, mask0), bits0);
    __mmask16 k1 = _mm512_cmpeq_epi32_mask(_mm512_and_si512(o, mask1), bits1);
    return (unsigned)__builtin_ctz((uint32_t)k0 | ((uint32_t)k1 << 16));
}

__attribute__((target("avx512f,avx512bw,avx512vbmi,bmi"))) void
amlgraph_forest_accumulate_avx512(size_t pair_count, const uint8_t *node_feature, const uint8_t *node_threshold,
                                  const uint32_t *path_mask, const uint32_t *path_bits, const int32_t *leaf_offset,
                                  const double *leaves, const uint8_t *ranks, size_t rows, double *out) {
    for (size_t p = 0; p < pair_count; p++) {
        const __m512i feature = _mm512_loadu_si512(node_feature + 64 * p);
        const __m512i threshold = _mm512_loadu_si512(node_threshold + 64 * p);
        const uint32_t *pm = path_mask + 64 * p, *pb = path_bits + 64 * p;
        const __m512i ma0 = _mm512_loadu_si512(pm), ma1 = _mm512_loadu_si512(pm + 16);
        const __m512i ba0 = _mm512_loadu_si512(pb), ba1 = _mm512_loadu_si512(pb + 16);
        const double *la = leaves + leaf_offset[2 * p];
        if (leaf_offset[2 * p + 1] < 0) {
            for (size_t r = 0; r < rows; r++) {
                __m512i row = _mm512_loadu_si512(ranks + (size_t)AMLGRAPH_FOREST_RANK_STRIDE * r);
                uint64_t o = _mm512_cmpgt_epu8_mask(_mm512_permutexvar_epi8(feature, row), threshold);
                out[r] += la[leaf_of((uint32_t)o, ma0, ma1, ba0, ba1)];
            }
            continue;
        }
        const __m512i mb0 = _mm512_loadu_si512(pm + 32), mb1 = _mm512_loadu_si512(pm + 48);
        const __m512i bb0 = _mm512_loadu_si512(pb + 32), bb1 = _mm512_loadu_si512(pb + 48);
        const double *lb = leaves + leaf_offset[2 * p + 1];
        for (size_t r = 0; r < rows; r++) {
            __m512i row = _mm512_loadu_si512(ranks + (size_t)AMLGRAPH_FOREST_RANK_STRIDE * r);
            uint64_t o = _mm512_cmpgt_epu8_mask(_mm512_permutexvar_epi8(feature, row), threshold);
            double s = out[r] + la[leaf_of((uint32_t)o, ma0, ma1, ba0, ba1)];
            out[r] = s + lb[leaf_of((uint32_t)(o >> 32), mb0, mb1, bb0, bb1)];
        }
    }
}

#else

int amlgraph_forest_avx512_available(void) { return 0; }

/// Never called: the caller checks amlgraph_forest_avx512_available(), which is 0 here.
void amlgraph_forest_accumulate_avx512(size_t pair_count, const uint8_t *node_feature, const uint8_t *node_threshold,
                                       const uint32_t *path_mask, const uint32_t *path_bits, const int32_t *leaf_offset,
                                       const double *leaves, const uint8_t *ranks, size_t rows, double *out) {
    (void)pair_count, (void)node_feature, (void)node_threshold, (void)path_mask, (void)path_bits, (void)leaf_offset;
    (void)leaves, (void)ranks, (void)rows, (void)out;
    __builtin_trap();
}

#endif
