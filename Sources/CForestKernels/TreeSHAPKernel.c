// Exact TreeSHAP over blocks of rows with the rows in vector lanes (the passes themselves are in
// TreeSHAPPass.h): the algorithm of RiskModels
// `SubtreePolynomialTable` (one pass down each tree forming path polynomials at quadrature
// nodes, one pass up summing them per subtree), where everything but the rows' met/unmet bits
// is precomputed per entry and node, so a pass is branch-free vector arithmetic shared by eight
// rows: no per-row decoding of entries, no division, no mispredicted branch on a row's path.
// Written once with vector extensions and compiled twice (AVX-512, baseline); `FP_CONTRACT OFF`
// keeps the two builds' roundings identical. The layout is in TreeSHAPKernel.h.
#include "TreeSHAPKernel.h"
#include <string.h>

#pragma STDC FP_CONTRACT OFF

typedef double v8d __attribute__((vector_size(64)));
typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef double v1d __attribute__((vector_size(8)));
typedef float v1f __attribute__((vector_size(4)));
typedef int32_t v1i __attribute__((vector_size(4)));

#define LANES AMLGRAPH_SHAP_LANES
#define BLOCK AMLGRAPH_SHAP_BLOCK_ROWS
#define INLINE static inline __attribute__((always_inline))

_Static_assert(LANES == 8, "the vector types hold eight rows");


static size_t per_tree(const amlgraph_shap_forest *f) { return f->max_entries * (f->max_nodes ? f->max_nodes : 1); }

size_t amlgraph_shap_scratch_bytes(const amlgraph_shap_forest *f, size_t width) {
    const size_t groups = BLOCK / LANES;
    return 64 + (3 * per_tree(f) + f->max_entries + groups * width) * sizeof(v8d) + groups * width * sizeof(v8f);
}

// Eight rows to a vector for full groups; the rows left over (a single transfer, the end of a
// batch) one at a time with one-lane vectors rather than in a mostly empty group of eight.
#define VD v8d
#define VF v8f
#define VI v8i
#define SHAP_NAME(x) x##_8
#include "TreeSHAPPass.h"
#undef VD
#undef VF
#undef VI
#undef SHAP_NAME
#define VD v1d
#define VF v1f
#define VI v1i
#define SHAP_NAME(x) x##_1
#include "TreeSHAPPass.h"

INLINE void shap_rows(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi, void *scratch) {
    const size_t per = per_tree(f), groups = BLOCK / LANES;
    v8d *P = (v8d *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    v8d *F = P + per, *G = F + per, *M = G + per, *phiT = M + f->max_entries;
    v8f *xT = (v8f *)(phiT + groups * width);
    // The one-lane pass reuses the same scratch.
    v1d *P1 = (v1d *)P, *F1 = P1 + per, *G1 = F1 + per, *M1 = G1 + per;
    for (size_t r0 = 0; r0 < rows; r0 += BLOCK) {
        const size_t count = rows - r0 < BLOCK ? rows - r0 : BLOCK, full = count / LANES, rest = count % LANES;
        // Feature j of group g's rows side by side.
        for (size_t g = 0; g < full; g++) {
            float *dst = (float *)(xT + g * width);
            for (size_t lane = 0; lane < LANES; lane++) {
                const float *src = x + (r0 + g * LANES + lane) * width;
                for (size_t j = 0; j < width; j++) dst[j * LANES + lane] = src[j];
            }
        }
        // The rows left over read their own row; their sums follow the full groups' (fewer
        // than eight rows leave at least one group's room).
        v1d *phi1 = (v1d *)(phiT + full * width);
        memset(phiT, 0, full * width * sizeof(v8d) + rest * width * sizeof(v1d));
        // Tree by tree over the whole block, so each tree's table is read from cache.
        for (size_t t = 0; t < f->tree_count; t++) {
            for (size_t g = 0; g < full; g++) shap_tree_8(f, t, xT + g * width, phiT + g * width, P, F, G, M);
            for (size_t i = 0; i < rest; i++) {
                shap_tree_1(f, t, (const v1f *)(x + (r0 + full * LANES + i) * width), phi1 + i * width, P1, F1, G1, M1);
            }
        }
        for (size_t g = 0; g < full; g++) {
            const double *src = (const double *)(phiT + g * width);
            for (size_t lane = 0; lane < LANES; lane++) {
                double *dst = phi + (r0 + g * LANES + lane) * width;
                for (size_t j = 0; j < width; j++) dst[j] += src[j * LANES + lane];
            }
        }
        for (size_t i = 0; i < rest; i++) {
            const double *src = (const double *)(phi1 + i * width);
            double *dst = phi + (r0 + full * LANES + i) * width;
            for (size_t j = 0; j < width; j++) dst[j] += src[j];
        }
    }
}

__attribute__((noinline)) void amlgraph_shap_accumulate_portable(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows,
                                                                 double *phi, void *scratch) {
    shap_rows(f, x, width, rows, phi, scratch);
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512dq"), noinline)) static void shap_rows_avx512(const amlgraph_shap_forest *f, const float *x, size_t width,
                                                                                 size_t rows, double *phi, void *scratch) {
    shap_rows(f, x, width, rows, phi, scratch);
}
#endif

void amlgraph_shap_accumulate(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi, void *scratch) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) {
        shap_rows_avx512(f, x, width, rows, phi, scratch);
        return;
    }
#endif
    shap_rows(f, x, width, rows, phi, scratch);
}
