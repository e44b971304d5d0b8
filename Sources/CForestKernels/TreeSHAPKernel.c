// Exact TreeSHAP over blocks of rows with the rows in vector lanes: the algorithm of RiskModels'
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

#define LANES AMLGRAPH_SHAP_LANES
#define BLOCK AMLGRAPH_SHAP_BLOCK_ROWS
#define INLINE static inline __attribute__((always_inline))

_Static_assert(LANES == 8, "the vector types hold eight rows");

// Macros, not functions: a function returning a 64-byte vector has a CPU-dependent ABI.
#define splat(v) ({ const double s_ = (v); (v8d){s_, s_, s_, s_, s_, s_, s_, s_}; })
#define splatf(v) ({ const float s_ = (v); (v8f){s_, s_, s_, s_, s_, s_, s_, s_}; })

static size_t per_tree(const amlgraph_shap_forest *f) { return f->max_entries * (f->max_nodes ? f->max_nodes : 1); }

size_t amlgraph_shap_scratch_bytes(const amlgraph_shap_forest *f, size_t width) {
    const size_t groups = BLOCK / LANES;
    return 64 + (3 * per_tree(f) + f->max_entries + groups * width) * sizeof(v8d) + groups * width * sizeof(v8f);
}

/// One tree for the eight rows of `x` (feature `j` of the rows at `x[j]`), adding to `phi[j]`.
/// `P`, `F`, `G` hold per entry and quadrature node the path polynomial, the factor and the
/// subtree sum; `M` per entry whether each row meets every condition on its feature so far.
/// `q`: the tree's number of quadrature nodes (a constant where `shap_tree` calls it, so the
/// loops over nodes are unrolled).
INLINE void shap_tree_nodes(const amlgraph_shap_forest *f, size_t t, const int q, const v8f *x, v8d *phi, v8d *P, v8d *F, v8d *G, v8d *M) {
    const amlgraph_shap_entry *E = f->entries + f->entry_start[t];
    const int n = f->entry_start[t + 1] - f->entry_start[t];
    const double *points = f->points + f->point_start[t];
    const size_t base = (size_t)f->factor_start[t];
    const double *coldFactor = f->cold_factor + base, *hotWeight = f->hot_weight + base, *coldWeight = f->cold_weight + base;
    const int32_t *rebuild = f->rebuild, *subtract = f->subtract;
    const v8d one = splat(1), zero = splat(0);

    // Down: factors a (1 − t) + b t and path products (the root's is 1).
    for (int k = 0; k < q; k++) P[k] = one;
    M[0] = one;
    for (int e = 1; e < n; e++) {
        const amlgraph_shap_entry *entry = E + e, *split = E + entry->parent;
        const v8i right = x[split->feature] > splatf(split->threshold);  // -1 where the row goes right (NaN: left)
        const v8d goesRight = __builtin_convertvector(-right, v8d);
        v8d b = entry->is_right ? goesRight : one - goesRight;
        if (entry->prior >= 0) b *= M[entry->prior];
        M[e] = b;
        v8d *fe = F + e * q, *pe = P + e * q;
        const double *a = coldFactor + e * q;
        for (int k = 0; k < q; k++) fe[k] = splat(a[k]) + b * splat(points[k]);
        if (entry->prior < 0) {
            const v8d *pp = P + entry->parent * q;
            for (int k = 0; k < q; k++) pe[k] = pp[k] * fe[k];
        } else {
            for (int k = 0; k < q; k++) pe[k] = fe[k];
            for (int j = entry->rebuild_start; j < entry->rebuild_end; j++) {
                const v8d *fj = F + rebuild[j] * q;
                for (int k = 0; k < q; k++) pe[k] *= fj[k];
            }
        }
    }
    // Up: subtree sums, and each entry's share of its feature, met or unmet per lane.
    for (int e = n - 1; e >= 0; e--) {
        const amlgraph_shap_entry *entry = E + e;
        v8d *ge = G + e * q;
        if (entry->feature < 0) {
            const v8d v = splat(entry->value), *pe = P + e * q;
            for (int k = 0; k < q; k++) ge[k] = v * pe[k];
        } else {
            const v8d *left = G + (e + 1) * q, *right = G + entry->right * q;
            for (int k = 0; k < q; k++) ge[k] = left[k] + right[k];
        }
        if (entry->silent) continue;
        const double *hw = hotWeight + e * q, *cw = coldWeight + e * q;
        v8d hot = zero, cold = zero;
        for (int k = 0; k < q; k++) {
            v8d h = ge[k];
            for (int j = entry->subtract_start; j < entry->subtract_end; j++) h -= G[subtract[j] * q + k];
            hot += h * splat(hw[k]);
            cold += h * splat(cw[k]);
        }
        const v8d b = M[e];
        phi[entry->path_feature] += b * hot + (one - b) * cold;
    }
}

INLINE void shap_tree(const amlgraph_shap_forest *f, size_t t, const v8f *x, v8d *phi, v8d *P, v8d *F, v8d *G, v8d *M) {
    // Rules of up to 4 nodes (paths of up to 8 distinct features) get loops of a fixed length.
    switch (f->nodes[t]) {
    case 1: shap_tree_nodes(f, t, 1, x, phi, P, F, G, M); break;
    case 2: shap_tree_nodes(f, t, 2, x, phi, P, F, G, M); break;
    case 3: shap_tree_nodes(f, t, 3, x, phi, P, F, G, M); break;
    case 4: shap_tree_nodes(f, t, 4, x, phi, P, F, G, M); break;
    default: shap_tree_nodes(f, t, f->nodes[t], x, phi, P, F, G, M); break;
    }
}

INLINE void shap_rows(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi, void *scratch) {
    const size_t per = per_tree(f), groups = BLOCK / LANES;
    v8d *P = (v8d *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    v8d *F = P + per, *G = F + per, *M = G + per, *phiT = M + f->max_entries;
    v8f *xT = (v8f *)(phiT + groups * width);
    for (size_t r0 = 0; r0 < rows; r0 += BLOCK) {
        const size_t count = rows - r0 < BLOCK ? rows - r0 : BLOCK, used = (count + LANES - 1) / LANES;
        // Feature j of group g's rows side by side; lanes past the last row read zeros.
        for (size_t g = 0; g < used; g++) {
            float *dst = (float *)(xT + g * width);
            for (size_t lane = 0; lane < LANES; lane++) {
                const size_t r = g * LANES + lane;
                if (r < count) {
                    const float *src = x + (r0 + r) * width;
                    for (size_t j = 0; j < width; j++) dst[j * LANES + lane] = src[j];
                } else {
                    for (size_t j = 0; j < width; j++) dst[j * LANES + lane] = 0;
                }
            }
        }
        memset(phiT, 0, used * width * sizeof(v8d));
        // Tree by tree over the whole block, so each tree's table is read from cache.
        for (size_t t = 0; t < f->tree_count; t++) {
            for (size_t g = 0; g < used; g++) shap_tree(f, t, xT + g * width, phiT + g * width, P, F, G, M);
        }
        for (size_t g = 0; g < used; g++) {
            const double *src = (const double *)(phiT + g * width);
            for (size_t lane = 0; lane < LANES && g * LANES + lane < count; lane++) {
                double *dst = phi + (r0 + g * LANES + lane) * width;
                for (size_t j = 0; j < width; j++) dst[j] += src[j * LANES + lane];
            }
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
