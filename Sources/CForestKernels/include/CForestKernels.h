// Vector kernels for scoring boosted trees (RiskModels' CompiledForest). Plain C because Swift
// cannot compile one function for AVX-512 and keep the rest of the module portable; the caller
// checks `amlgraph_forest_avx512_available()` and otherwise uses its portable walk.
#ifndef AMLGRAPH_FOREST_KERNELS_H
#define AMLGRAPH_FOREST_KERNELS_H

#include <stddef.h>
#include <stdint.h>

// The module's umbrella header: the TreeSHAP block kernel is declared in its own header.
#include "TreeSHAPKernel.h"

/// Rows of ranks the kernel reads are this many bytes apart (one byte per used feature, padded).
#define AMLGRAPH_FOREST_RANK_STRIDE 64

/// Ranks `rows` rows of `x` (row `r` at `x + r * width`): for used feature `f` (model column
/// `columns[f]`, sorted thresholds `thresholds[starts[f]..<starts[f + 1]]`, at least one) the
/// byte `ranks[r * stride + f]` is the number of thresholds below the value (0 for NaN).
/// Portable C so the halving search is branch-free on every compiler: a branching search
/// mispredicts about half its steps.
void amlgraph_forest_rank(const float *x, size_t width, size_t rows, const int32_t *columns, size_t used, const int32_t *starts,
                          const float *thresholds, uint8_t *ranks, size_t stride);

/// 1 when this CPU runs `amlgraph_forest_accumulate_avx512` (AVX-512 F, BW and VBMI), else 0.
int amlgraph_forest_avx512_available(void);

/// Adds the outputs of `pair_count` pairs of small trees to `out[0..<rows]`, tree by tree.
///
/// Pair `p` describes two trees of at most 32 split nodes and 32 leaves each (the second may be
/// absent): 64 node slots, slots 0-31 for the first tree's nodes and 32-63 for the second's.
/// Slot `s` compares the rank of used feature `node_feature[64p + s]` with
/// `node_threshold[64p + s]` (right when greater; empty slots hold 255, never right). Leaf `l` of
/// the first tree is reached when `(o & path_mask[64p + l]) == path_bits[64p + l]` for the 32
/// outcome bits `o` of its nodes, leaf `l` of the second with slots `64p + 32 + l` (empty leaf
/// slots: mask 0, bits all ones, never reached). The reached leaf's value is
/// `leaves[leaf_offset[2p] + l]` (`leaf_offset[2p + 1]` for the second tree, -1 when absent).
/// `ranks` holds `rows` rows of AMLGRAPH_FOREST_RANK_STRIDE bytes. Each row adds the first
/// tree's value before the second's, pairs in order: the same sums as walking the trees in order.
void amlgraph_forest_accumulate_avx512(size_t pair_count, const uint8_t *node_feature, const uint8_t *node_threshold,
                                       const uint32_t *path_mask, const uint32_t *path_bits, const int32_t *leaf_offset,
                                       const double *leaves, const uint8_t *ranks, size_t rows, double *out);

#endif
