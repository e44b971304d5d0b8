// The forward pass of RiskModels' EdgeGNNModel over one sampled tree, in C so one function can
// be compiled for AVX2 (Swift cannot target one function at a wider instruction set) while the
// rest of the package stays portable. The caller (EdgeGNNModel+Inference.swift) checks
// `amlgraph_gnn_avx2_available()` and otherwise calls the portable build of the same code.
#ifndef AMLGRAPH_GNN_KERNELS_H
#define AMLGRAPH_GNN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Inputs of a node and of a link (`EgoGraph.nodeWidth`, `EgoGraph.edgeWidth`).
#define AMLGRAPH_GNN_NODE_WIDTH 4
#define AMLGRAPH_GNN_EDGE_WIDTH 4

/// Where each weight block starts in the flat weight vector (GNNLayout), and the sizes.
/// `layer[8 * l + 0...7]`: edge weights in, edge bias in, edge weights out, edge bias out,
/// self, in-aggregate, out-aggregate weights, bias of layer l + 1.
typedef struct {
    int32_t hidden;
    int32_t layers;
    int32_t input, input_bias, head, head_bias, output, output_bias;
    const int32_t *layer;
} amlgraph_gnn_layout;

/// One sampled tree in breadth-first order (nodes by depth, links by their parent's depth), as
/// `NeighbourhoodSampler` builds it: `nodes` nodes with `depth[v]` and inputs
/// `x[4v...4v+3]`; `links` links from `parent[k]` to `child[k]`, `direction[k]` 0 (the child
/// sent) or 1 (the parent sent), inputs `e[4k...4k+3]`; the target transfer's inputs `target`.
typedef struct {
    int32_t nodes, links;
    const int32_t *depth;
    const double *x;
    const int32_t *parent, *child;
    const uint8_t *direction;
    const double *e;
    const double *target;
} amlgraph_gnn_tree;

/// Doubles of working memory `amlgraph_gnn_margin` needs for a tree of `nodes` nodes.
size_t amlgraph_gnn_scratch_count(int32_t nodes, int32_t hidden);

/// 1 when this CPU runs the AVX2 build (`amlgraph_gnn_margin_avx2`), else 0.
int amlgraph_gnn_avx2_available(void);

/// The margin of `tree` under `weights`: exactly `EdgeGNNModel.forward`'s operations in its
/// order (products of zero inputs skipped, no fused multiply-add), so the same double.
/// `scratch` holds `amlgraph_gnn_scratch_count` doubles.
double amlgraph_gnn_margin(const amlgraph_gnn_tree *tree, const double *weights, const amlgraph_gnn_layout *layout, double *scratch);

/// The same, built for AVX2; call only when `amlgraph_gnn_avx2_available()`.
double amlgraph_gnn_margin_avx2(const amlgraph_gnn_tree *tree, const double *weights, const amlgraph_gnn_layout *layout, double *scratch);

/// Starts loading the cache line holding `p` (a hint that changes no result): the sampler
/// names the account records and adjacency slots it will read a few steps ahead, so their
/// cache misses overlap instead of following one another.
static inline void amlgraph_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// The window `first..<end` of `lo..<hi` (`times` ascending there): `first` the first index
/// whose time is at least `from`, `end` the first index from `first` on whose time is at least
/// `after` (`hi` when none): the indices of two lower-bound searches, the second started at the
/// first's answer. Found by branch-free halving: each comparison selects the next base instead of
/// jumping (`__builtin_unpredictable` keeps the compiler from turning the select back into a
/// branch), so a search costs no mispredictions and the searches of several tree nodes,
/// independent of one another, overlap their cache misses; both keys halve the same range in
/// one loop, so the loop's exit is one branch, not two, and the two chains of loads run side by
/// side. `end` searched over all of `lo..<hi` is the same index whenever `after > from` (every
/// time before `first` is below `from`, so below `after`) and at most `first` otherwise (when
/// the sequential search stops at `first`), hence the final `max`. In C because Swift's
/// optimizer turned the same select into a branch.
static inline void amlgraph_window(const int64_t *times, long lo, long hi, int64_t from, int64_t after, long *first, long *end) {
    long a = lo, b = lo, n = hi - lo;
    if (n <= 0) {
        *first = lo;
        *end = lo;
        return;
    }
    while (n > 1) {
        const long half = n >> 1;
        a = __builtin_unpredictable(times[a + half] < from) ? a + half : a;
        b = __builtin_unpredictable(times[b + half] < after) ? b + half : b;
        n -= half;
    }
    a += times[a] < from;
    b += times[b] < after;
    *first = a;
    *end = b > a ? b : a;
}

#endif
