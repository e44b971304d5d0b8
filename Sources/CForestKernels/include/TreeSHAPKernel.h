// Exact path-dependent TreeSHAP for a block of rows, sixteen rows to a vector (RiskModels'
// `SubtreePolynomialTable.accumulate(rows:)`). Plain C for the same reason as the forest kernel:
// one source compiled twice, for AVX-512 and for the baseline, picked at run time.
#ifndef AMLGRAPH_TREESHAP_KERNEL_H
#define AMLGRAPH_TREESHAP_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/// Rows evaluated together in the lanes of one vector.
#define AMLGRAPH_SHAP_LANES 16
/// Rows of one block when rows do not share work (fewer than 16, or the unshared entry point):
/// every tree runs over all of them while its table is in cache.
#define AMLGRAPH_SHAP_BLOCK_ROWS 64

/// One node or leaf of a tree in depth-first pre-order (a left child right after its parent);
/// indices are tree-local. See `SubtreePolynomialTable.Entry` for `prior`, `rebuild`, `subtract`.
typedef struct {
    /// A leaf's value (0 for a node).
    double value;
    /// Split threshold (a row goes right when `x[feature] > threshold`).
    float threshold;
    /// Split feature, -1 for a leaf.
    int32_t feature;
    /// The parent's split feature, -1 for the root.
    int32_t path_feature;
    int32_t parent;
    /// Right child, -1 for a leaf.
    int32_t right;
    /// The entry above whose factor for `path_feature` this one replaces, -1 for none.
    int32_t prior;
    int32_t rebuild_start, rebuild_end;
    int32_t subtract_start, subtract_end;
    /// 1 when this entry is its parent's right child.
    int32_t is_right;
    /// 1 when this entry adds nothing to its feature itself (the root, or it splits on
    /// `path_feature` again, so its leaves take their factor from below).
    int32_t silent;
    /// For an entry that is not silent: which of its tree's features it adds to, an index
    /// into `fold_feature[fold_start[t] ..< fold_start[t + 1]]` (a pass sums the shares of a
    /// tree's entries per feature, then adds one sum per feature).
    int32_t fold;
} amlgraph_shap_entry;

/// The trees of a model as `amlgraph_shap_accumulate` reads them. Per tree `t`: entries
/// `entries[entry_start[t] ..< entry_start[t + 1]]`, `nodes[t]` quadrature nodes `points[point_start[t] ..]`,
/// and per entry `e` and node `k` (at `factor_start[t] + e * nodes[t] + k`): the factor of an
/// unmet branch `cold_factor = a (1 − t_k)` and of a met one `hot_factor = cold_factor + t_k`, and the weights that turn the subtree sum into the
/// entry's share: `hot_weight = (1 − a) w_k / (a (1 − t_k) + t_k)` when the branch is met,
/// `cold_weight = −w_k / (1 − t_k)` (0 when `a` = 0) when it is not.
/// The features a tree's shares go to, each once, are `fold_feature[fold_start[t] ..< fold_start[t + 1]]`
/// (in the order the up pass first meets them).
typedef struct {
    const amlgraph_shap_entry *entries;
    const int32_t *entry_start;
    const int32_t *rebuild;
    const int32_t *subtract;
    const int32_t *nodes;
    const int32_t *point_start;
    const double *points;
    const int32_t *factor_start;
    const double *cold_factor;
    const double *hot_factor;
    const double *hot_weight;
    const double *cold_weight;
    const int32_t *fold_start;
    const int32_t *fold_feature;
    size_t tree_count;
    /// The most entries of one tree and the most quadrature nodes of one rule.
    size_t max_entries;
    size_t max_nodes;
} amlgraph_shap_forest;

/// Bytes of scratch `amlgraph_shap_accumulate` needs for calls of up to `rows` rows of `width`
/// features.
size_t amlgraph_shap_scratch_bytes(const amlgraph_shap_forest *forest, size_t width, size_t rows);

/// Adds every tree's SHAP values of `rows` rows of `x` (row `r` at `x + r * width`) to
/// `phi + r * width`, and, unless `margins` is NULL, the value of the leaf row `r` reaches in each
/// tree to `margins[r]`, tree after tree: started at the model's base score, it ends as the
/// row's margin, the same double as the forest's sum (`CompiledForest.accumulate`, which adds
/// in the same order), without a second pass over the trees. `scratch` holds
/// `amlgraph_shap_scratch_bytes` bytes (any alignment).
/// Rows go in blocks of up to 2,048; per tree, rows that go the same way at every split have the
/// same shares, so one of them runs the passes and all add its per-feature sums of them, as a row
/// run alone adds them (the doubles each row gets alone). Uses AVX-512 when the CPU has it; the baseline
/// build gives the same values.
void amlgraph_shap_accumulate(const amlgraph_shap_forest *forest, const float *x, size_t width, size_t rows, double *phi, double *margins,
                              void *scratch);

/// The same with the baseline build whatever the CPU (for tests and comparisons).
void amlgraph_shap_accumulate_portable(const amlgraph_shap_forest *forest, const float *x, size_t width, size_t rows, double *phi,
                                       double *margins, void *scratch);

/// The same without sharing work between rows on the same path (every row through every tree's
/// passes, as before the sharing): the same doubles, for tests and comparisons.
void amlgraph_shap_accumulate_unshared(const amlgraph_shap_forest *forest, const float *x, size_t width, size_t rows, double *phi,
                                       double *margins, void *scratch);

#endif
