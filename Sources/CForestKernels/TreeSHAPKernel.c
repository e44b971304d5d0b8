// Exact TreeSHAP over blocks of rows with the rows in vector lanes (the passes themselves are in
// TreeSHAPPass.h): the algorithm of RiskModels
// `SubtreePolynomialTable` (one pass down each tree forming path polynomials at quadrature
// nodes, one pass up summing them per subtree), where everything but the rows' met/unmet bits
// is precomputed per entry and node, so a pass is branch-free vector arithmetic shared by sixteen
// rows: no per-row decoding of entries, no division, no mispredicted branch on a row's path.
// Written once with vector extensions and compiled twice (AVX-512, baseline); `FP_CONTRACT OFF`
// keeps the two builds' roundings identical. The layout is in TreeSHAPKernel.h.
#include "TreeSHAPKernel.h"
#include <string.h>

#pragma STDC FP_CONTRACT OFF

typedef double v16d __attribute__((vector_size(128)));
typedef float v16f __attribute__((vector_size(64)));
typedef int64_t v16l __attribute__((vector_size(128)));
typedef double v1d __attribute__((vector_size(8)));
typedef float v1f __attribute__((vector_size(4)));
typedef int64_t v1l __attribute__((vector_size(8)));

#define LANES AMLGRAPH_SHAP_LANES
#define BLOCK AMLGRAPH_SHAP_BLOCK_ROWS
#define INLINE static inline __attribute__((always_inline))

_Static_assert(LANES == 16, "the vector types hold sixteen rows");
_Static_assert(BLOCK % LANES == 0, "a block is whole groups");

/// A block's leftover rows (fewer than LANES) run as one more group, the unused lanes zero, when
/// there are at least this many; fewer run one at a time in one-lane vectors (a single transfer
/// costs one lane, not sixteen).
#define PAD_MIN_ROWS 4

/// Rows of a block that shares the work of rows on the same path (`shap_shared_block`); blocks
/// of fewer than SHARE_MIN_ROWS rows run every row (`shap_small_block`). More rows share more
/// paths: one block of 1,667 rows took 0.68x the time of blocks of 512 (`amlgraph-bench shap
/// --service-block`), so a call sizes its scratch for up to this many (`layout`).
#define SHARE_ROWS 2048
#define SHARE_MIN_ROWS 16
/// Hash slots per row of a shared block (a power of two).
#define HASH_PER_ROW 2

typedef struct {
    uint64_t key;
    int32_t slot;
    int32_t stamp;
} shap_pattern_slot;

/// Trees of at most this many nodes index a table of 2^DIRECT_BITS slots by the path key itself
/// (no hashing, no probing, no key comparison); larger trees hash.
#define DIRECT_BITS 14

typedef struct {
    int32_t slot;
    int32_t stamp;
} shap_direct_slot;

static size_t per_tree(const amlgraph_shap_forest *f) { return f->max_entries * (f->max_nodes ? f->max_nodes : 1); }

/// The scratch of `shap_rows`, in this order (each part 64-byte aligned), for shared blocks of
/// at most `cap` rows (a power of two, at least BLOCK).
typedef struct {
    size_t cap, P, F, G, M, O, xT, sums, phiB, xB, keys, slot, offset, rep, leaf, hash, direct, end;
} shap_layout;

static size_t align64(size_t n) { return (n + 63) & ~(size_t)63; }

/// The scratch for calls of up to `rows` rows: a call of few rows (a single transfer) gets a
/// small one.
static shap_layout layout(const amlgraph_shap_forest *f, size_t width, size_t rows) {
    size_t cap = BLOCK;
    while (cap < rows && cap < SHARE_ROWS) cap *= 2;
    const size_t per = per_tree(f), groups = cap / LANES;
    shap_layout l;
    l.cap = cap;
    size_t at = 0;
    l.P = at; at += align64(per * sizeof(v16d));
    l.F = at; at += align64(per * sizeof(v16d));
    l.G = at; at += align64(per * sizeof(v16d));
    l.M = at; at += align64(f->max_entries * sizeof(v16l));
    // One tree's per-feature sums of shares (at most one per entry).
    l.O = at; at += align64(f->max_entries * sizeof(v16d));
    // One group's rows side by side (the small path: BLOCK / LANES groups).
    l.xT = at; at += align64((BLOCK / LANES) * width * sizeof(v16f));
    // Per group of distinct patterns, the per-feature sums of the shares of one tree.
    l.sums = at; at += align64(groups * f->max_entries * sizeof(v16d));
    // Contributions of the block: feature-major, a row per column (the small path: per group).
    l.phiB = at; at += align64(width * cap * sizeof(double));
    // The block's features, feature-major, for the path bits.
    l.xB = at; at += align64(width * cap * sizeof(float));
    l.keys = at; at += align64(cap * sizeof(uint64_t));
    l.slot = at; at += align64(cap * sizeof(int32_t));
    l.offset = at; at += align64(cap * sizeof(int32_t));
    l.rep = at; at += align64(cap * sizeof(int32_t));
    // Per distinct pattern, the value of the leaf it reaches (for the margins).
    l.leaf = at; at += align64(cap * sizeof(double));
    l.hash = at; at += align64(HASH_PER_ROW * cap * sizeof(shap_pattern_slot));
    l.direct = at; at += align64(((size_t)1 << DIRECT_BITS) * sizeof(shap_direct_slot));
    l.end = at;
    return l;
}

size_t amlgraph_shap_scratch_bytes(const amlgraph_shap_forest *f, size_t width, size_t rows) { return 64 + layout(f, width, rows).end; }

// Sixteen rows to a vector (two AVX-512 registers per value) for full groups; the rows left over
// (a single transfer, the end of a batch) one at a time with one-lane vectors, or padded to a
// group when there are enough of them.
#define VD v16d
#define VF v16f
#define VL v16l
#define SHAP_NAME(x) x##_16
#define SHAP_ONE_LANE 0
#include "TreeSHAPPass.h"
#undef SHAP_ONE_LANE
#undef VD
#undef VF
#undef VL
#undef SHAP_NAME
#define VD v1d
#define VF v1f
#define VL v1l
#define SHAP_NAME(x) x##_1
#define SHAP_ONE_LANE 1
#include "TreeSHAPPass.h"

/// The value of the leaf a row reaches in the tree whose entries start at `E`: right where its
/// value is above the threshold, else left (NaN: left), as `RegressionTree.leaf` walks. The row's
/// feature `j` is at `x[j * stride]`.
INLINE double leaf_value(const amlgraph_shap_entry *E, const float *x, size_t stride) {
    int e = 0;
    while (E[e].feature >= 0) e = x[(size_t)E[e].feature * stride] > E[e].threshold ? E[e].right : e + 1;
    return E[e].value;
}

/// Every row of a block of `count` < SHARE_MIN_ROWS rows through every tree: groups of LANES rows, the
/// rest padded to a group or one lane at a time; adds to `phi`.
INLINE void shap_small_block(const amlgraph_shap_forest *f, const float *x, size_t width, size_t count, double *phi, double *margins,
                             char *base, const shap_layout *l) {
    const size_t per = per_tree(f);
    v16d *P = (v16d *)(base + l->P), *F = (v16d *)(base + l->F), *G = (v16d *)(base + l->G), *phiT = (v16d *)(base + l->phiB);
    v16l *M = (v16l *)(base + l->M);
    v16d *O = (v16d *)(base + l->O);
    v16f *xT = (v16f *)(base + l->xT);
    v1d *P1 = (v1d *)P, *F1 = P1 + per, *G1 = F1 + per;
    v1l *M1 = (v1l *)(G1 + per);
    v1d *O1 = (v1d *)(M1 + f->max_entries);
    size_t full = count / LANES, rest = count % LANES;
    // A padded last group: `padded` of its lanes hold rows.
    const size_t padded = rest >= PAD_MIN_ROWS ? rest : 0, grouped = full + (padded ? 1 : 0);
    if (padded) rest = 0;
    // Feature j of group g's rows side by side.
    for (size_t g = 0; g < grouped; g++) {
        float *dst = (float *)(xT + g * width);
        const size_t filled = g < full ? LANES : padded;
        for (size_t lane = 0; lane < LANES; lane++) {
            if (lane >= filled) {
                for (size_t j = 0; j < width; j++) dst[j * LANES + lane] = 0;
                continue;
            }
            const float *src = x + (g * LANES + lane) * width;
            for (size_t j = 0; j < width; j++) dst[j * LANES + lane] = src[j];
        }
    }
    // The rows left over read their own row; their sums follow the groups'.
    v1d *phi1 = (v1d *)(phiT + grouped * width);
    memset(phiT, 0, grouped * width * sizeof(v16d) + rest * width * sizeof(v1d));
    // Tree by tree over the whole block, so each tree's table is read from cache.
    for (size_t t = 0; t < f->tree_count; t++) {
        for (size_t g = 0; g < grouped; g++) shap_tree_16(f, t, xT + g * width, phiT + g * width, NULL, P, F, G, M, O);
        for (size_t i = 0; i < rest; i++) shap_tree_1(f, t, (const v1f *)(x + (full * LANES + i) * width), phi1 + i * width, NULL, P1, F1, G1, M1, O1);
        if (margins) {
            const amlgraph_shap_entry *E = f->entries + f->entry_start[t];
            for (size_t r = 0; r < count; r++) margins[r] += leaf_value(E, x + r * width, 1);
        }
    }
    for (size_t g = 0; g < grouped; g++) {
        const double *src = (const double *)(phiT + g * width);
        const size_t filled = g < full ? LANES : padded;
        for (size_t lane = 0; lane < filled; lane++) {
            double *dst = phi + (g * LANES + lane) * width;
            for (size_t j = 0; j < width; j++) dst[j] += src[j * LANES + lane];
        }
    }
    for (size_t i = 0; i < rest; i++) {
        const double *src = (const double *)(phi1 + i * width);
        double *dst = phi + (full * LANES + i) * width;
        for (size_t j = 0; j < width; j++) dst[j] += src[j];
    }
}

/// `column[r] += share[offset[r]]` for every row (separate pointers, so the loop is vectorised).
INLINE void add_shares(double *restrict column, const double *restrict share, const int32_t *restrict offset, size_t rows) {
    for (size_t r = 0; r < rows; r++) column[r] += share[offset[r]];
}

/// The bit `bit` of each row's key where the row's value is above `threshold` (NaN: not).
INLINE void add_key_bit(uint64_t *restrict keys, const float *restrict column, float threshold, uint64_t bit, size_t rows) {
    for (size_t r = 0; r < rows; r++) keys[r] |= column[r] > threshold ? bit : 0;
}

/// A block of `count` ≤ `l->cap` rows, sharing work between rows on the same path. A tree's
/// shares depend on a row only through which way it goes at each split, so per tree the rows
/// are keyed by those bits (one per node, pre-order), one row per distinct key runs the passes
/// (LANES keys to a vector), summing the shares per feature, and every row then adds its key's
/// sums, one per feature the tree's shares go to (not one per entry): the same additions as
/// running the row itself, so the same doubles. Trees of more than 64 nodes key every row apart (no sharing, same result).
INLINE void shap_shared_block(const amlgraph_shap_forest *f, const float *x, size_t width, size_t count, double *phi, double *margins,
                              char *base, const shap_layout *l) {
    v16d *P = (v16d *)(base + l->P), *F = (v16d *)(base + l->F), *G = (v16d *)(base + l->G), *sums = (v16d *)(base + l->sums);
    v16l *M = (v16l *)(base + l->M);
    v16f *xT = (v16f *)(base + l->xT);
    double *phiB = (double *)(base + l->phiB);
    float *xB = (float *)(base + l->xB);
    uint64_t *keys = (uint64_t *)(base + l->keys);
    int32_t *slot = (int32_t *)(base + l->slot), *offset = (int32_t *)(base + l->offset), *rep = (int32_t *)(base + l->rep);
    double *leaf = (double *)(base + l->leaf);
    shap_pattern_slot *hash = (shap_pattern_slot *)(base + l->hash);
    shap_direct_slot *direct = (shap_direct_slot *)(base + l->direct);
    const size_t R = count, mask = HASH_PER_ROW * l->cap - 1;
    for (size_t r = 0; r < R; r++) {
        for (size_t j = 0; j < width; j++) xB[j * R + r] = x[r * width + j];
    }
    memset(phiB, 0, width * R * sizeof(double));
    memset(hash, 0, (mask + 1) * sizeof(shap_pattern_slot));
    memset(direct, 0, ((size_t)1 << DIRECT_BITS) * sizeof(shap_direct_slot));
    for (size_t t = 0; t < f->tree_count; t++) {
        const amlgraph_shap_entry *E = f->entries + f->entry_start[t];
        const int n = f->entry_start[t + 1] - f->entry_start[t];
        const int32_t stamp = (int32_t)t + 1;
        const int folds = f->fold_start[t + 1] - f->fold_start[t];
        const int32_t *feature = f->fold_feature + f->fold_start[t];
        // The way each row goes at each node (NaN: left, as in the passes); a tree of n entries
        // has (n − 1) / 2 nodes.
        const int distinctAll = (n - 1) / 2 > 64;
        int nodes = 0;
        for (size_t r = 0; r < R; r++) keys[r] = 0;
        for (int e = 0; e < n && !distinctAll; e++) {
            if (E[e].feature < 0) continue;
            add_key_bit(keys, xB + (size_t)E[e].feature * R, E[e].threshold, (uint64_t)1 << nodes, R);
            nodes++;
        }
        // Distinct keys: slot per row, one representative row per slot (the first row with the
        // key, whichever table finds it).
        size_t slots = 0;
        if (!distinctAll && (n - 1) / 2 <= DIRECT_BITS) {
            for (size_t r = 0; r < R; r++) {
                shap_direct_slot *d = direct + keys[r];
                if (d->stamp != stamp) {
                    d->stamp = stamp;
                    d->slot = (int32_t)slots;
                    rep[slots] = (int32_t)r;
                    slot[r] = (int32_t)slots++;
                } else {
                    slot[r] = d->slot;
                }
            }
        }
        for (size_t r = 0; r < R && (distinctAll || (n - 1) / 2 > DIRECT_BITS); r++) {
            if (distinctAll) {
                rep[slots] = (int32_t)r;
                slot[r] = (int32_t)slots++;
                continue;
            }
            const uint64_t k = keys[r];
            size_t h = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 40) & mask;
            for (;;) {
                shap_pattern_slot *s = hash + h;
                if (s->stamp != stamp) {
                    s->stamp = stamp;
                    s->key = k;
                    s->slot = (int32_t)slots;
                    rep[slots] = (int32_t)r;
                    slot[r] = (int32_t)slots++;
                    break;
                }
                if (s->key == k) {
                    slot[r] = s->slot;
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        // Rows with one key reach one leaf: its value once per key, added to each row's margin
        // tree after tree (the forest's order of additions, so the forest's doubles).
        if (margins) {
            for (size_t k = 0; k < slots; k++) leaf[k] = leaf_value(E, xB + rep[k], R);
            for (size_t r = 0; r < R; r++) margins[r] += leaf[slot[r]];
        }
        // The representatives through the passes, LANES to a vector (the last group's unused
        // lanes repeat its first row). The passes read only the features the tree splits on.
        const size_t groups = (slots + LANES - 1) / LANES;
        for (size_t g = 0; g < groups; g++) {
            float *restrict dst = (float *)xT;
            for (int e = 0; e < n; e++) {
                if (E[e].feature < 0) continue;
                const float *restrict column = xB + (size_t)E[e].feature * R;
                float *restrict lanes = dst + (size_t)E[e].feature * LANES;
                for (size_t lane = 0; lane < LANES; lane++) {
                    const size_t s = g * LANES + lane;
                    lanes[lane] = column[rep[s < slots ? s : g * LANES]];
                }
            }
            shap_tree_16(f, t, xT, NULL, sums + g * folds, P, F, G, M, NULL);
        }
        // Where row r's sums are: the k-th feature's at `shares[offset[r] + k * LANES]`.
        for (size_t r = 0; r < R; r++) offset[r] = (int32_t)((slot[r] / LANES) * folds * LANES + slot[r] % LANES);
        const double *shares = (const double *)sums;
        for (int k = 0; k < folds; k++) add_shares(phiB + (size_t)feature[k] * R, shares + (size_t)k * LANES, offset, R);
    }
    for (size_t r = 0; r < R; r++) {
        for (size_t j = 0; j < width; j++) phi[r * width + j] += phiB[j * R + r];
    }
}

INLINE void shap_rows(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi, double *margins, void *scratch,
                      int share) {
    char *base = (char *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    const shap_layout l = layout(f, width, rows);
    size_t r0 = 0;
    while (r0 < rows) {
        const size_t left = rows - r0;
        if (share && left >= SHARE_MIN_ROWS) {
            const size_t count = left < l.cap ? left : l.cap;
            shap_shared_block(f, x + r0 * width, width, count, phi + r0 * width, margins ? margins + r0 : NULL, base, &l);
            r0 += count;
        } else {
            const size_t count = left < BLOCK ? left : BLOCK;
            shap_small_block(f, x + r0 * width, width, count, phi + r0 * width, margins ? margins + r0 : NULL, base, &l);
            r0 += count;
        }
    }
}

__attribute__((noinline)) static void shap_rows_portable(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi,
                                                         double *margins, void *scratch, int share) {
    shap_rows(f, x, width, rows, phi, margins, scratch, share);
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512dq"), noinline)) static void shap_rows_avx512(const amlgraph_shap_forest *f, const float *x, size_t width,
                                                                                 size_t rows, double *phi, double *margins, void *scratch, int share) {
    shap_rows(f, x, width, rows, phi, margins, scratch, share);
}
#endif

static void shap_rows_best(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi, double *margins,
                           void *scratch, int share) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) {
        shap_rows_avx512(f, x, width, rows, phi, margins, scratch, share);
        return;
    }
#endif
    shap_rows_portable(f, x, width, rows, phi, margins, scratch, share);
}

void amlgraph_shap_accumulate(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi, double *margins,
                              void *scratch) {
    shap_rows_best(f, x, width, rows, phi, margins, scratch, 1);
}

void amlgraph_shap_accumulate_portable(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi,
                                       double *margins, void *scratch) {
    shap_rows_portable(f, x, width, rows, phi, margins, scratch, 1);
}

void amlgraph_shap_accumulate_unshared(const amlgraph_shap_forest *f, const float *x, size_t width, size_t rows, double *phi,
                                       double *margins, void *scratch) {
    shap_rows_best(f, x, width, rows, phi, margins, scratch, 0);
}
