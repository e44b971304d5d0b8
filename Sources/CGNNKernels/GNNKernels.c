// The GNN forward pass over one sampled tree (see CGNNKernels.h). One always-inlined body is
// compiled twice: portable, and inside a function built for AVX2, where the loops over the hidden
// width become 256-bit vector operations; for the default width of 16 the body is instantiated
// with a constant width, so each row of products is four unrolled vector multiply-adds.
//
// Bit-for-bit agreement with EdgeGNNModel.forward (Swift) rests on three things: the same
// operations per output element in the same order (vectorising over the output index j keeps
// each element's sequence), no fused multiply-add (contraction is off, and the AVX2 build does
// not enable FMA), and the same ReLU (`x >= 0 ? x : 0`, Swift's `max(0, x)`). Products over
// hidden activations do not skip zero inputs (`add_product_dense`), which can only change the
// sign of a zero; the margin is the same double (tested against forward, bit for bit).
#include "CGNNKernels.h"
#include <string.h>

#pragma STDC FP_CONTRACT OFF

/// The widest hidden layer whose working vector lives on the stack (`GNNParameters` allows 256).
#define AMLGRAPH_GNN_LOCAL_WIDTH 256

size_t amlgraph_gnn_scratch_count(int32_t nodes, int32_t hidden) {
    return 4 * (size_t)nodes * (size_t)hidden + 4 * (size_t)hidden + AMLGRAPH_GNN_EDGE_WIDTH;
}

/// `out[j] += Σ_i v[i] × w[i × cols + j]`, rows with v[i] = 0 skipped (as Swift's addProduct).
static inline __attribute__((always_inline)) void add_product(const double *restrict v, int rows, const double *restrict w, int cols,
                                                              double *restrict out) {
    for (int i = 0; i < rows; i++) {
        const double vi = v[i];
        if (vi == 0) continue;
        const double *restrict row = w + (size_t)i * (size_t)cols;
        for (int j = 0; j < cols; j++) out[j] += vi * row[j];
    }
}

/// `add_product` without the test for zero inputs, for hidden activations: after a ReLU about
/// half of them are 0 in no predictable pattern, and the mispredicted branch cost more than the
/// products it saved. Adding 0 × w changes nothing but the sign of a zero sum (−0 + +0 = +0),
/// and a zero's sign never reaches a margin: zero inputs are skipped by the next product and a
/// ReLU maps both zeros to zero's product 0 in the head's sum.
static inline __attribute__((always_inline)) void add_product_dense(const double *restrict v, int rows, const double *restrict w, int cols,
                                                                    double *restrict out) {
    for (int i = 0; i < rows; i++) {
        const double vi = v[i];
        const double *restrict row = w + (size_t)i * (size_t)cols;
        for (int j = 0; j < cols; j++) out[j] += vi * row[j];
    }
}

static inline __attribute__((always_inline)) double relu(double x) { return x >= 0 ? x : 0; }

static inline __attribute__((always_inline)) double forward(const amlgraph_gnn_tree *restrict t, const double *restrict w,
                                                            const amlgraph_gnn_layout *restrict l, double *restrict scratch, const int h) {
    const int n = t->nodes, m = t->links, layers = l->layers;
    const int dx = AMLGRAPH_GNN_NODE_WIDTH, de = AMLGRAPH_GNN_EDGE_WIDTH;
    double *prev = scratch, *out = prev + (size_t)n * h, *agg = out + (size_t)n * h;
    double *restrict head = agg + 2 * (size_t)n * h + h;
    // A message or a node's pre-activation in a local array when it fits (every width the
    // model allows): the compiler then knows it aliases nothing in `scratch` and keeps it in
    // vector registers instead of assembling it from scalar loads and stores. The same
    // operations in the same order either way.
    double local[AMLGRAPH_GNN_LOCAL_WIDTH];
    double *restrict mk = h <= AMLGRAPH_GNN_LOCAL_WIDTH ? local : agg + 2 * (size_t)n * h;
    for (int v = 0; v < n; v++) {
        double *hv = prev + (size_t)v * h;
        for (int j = 0; j < h; j++) hv[j] = w[l->input_bias + j];
        add_product(t->x + (size_t)v * dx, dx, w + l->input, h, hv);
    }
    for (int li = 1; li <= layers; li++) {
        const int32_t *lay = l->layer + 8 * (li - 1);
        const int reach = layers - li;
        // Nodes are in breadth-first order and links in their parent's order, so the nodes
        // this layer updates (depth <= reach) and the links into them are prefixes, `nr` and
        // `mr` long. Nothing past them is read again (a node deeper than `reach` only feeds
        // earlier layers), so only the prefixes are cleared and visited.
        int nr = 0, mr = 0;
        while (nr < n && t->depth[nr] <= reach) nr++;
        while (mr < m && t->depth[t->parent[mr]] <= reach) mr++;
        memset(agg, 0, sizeof(double) * 2 * (size_t)nr * h);
        for (int k = 0; k < mr; k++) {
            const int parent = t->parent[k];
            const int dir = t->direction[k], child = t->child[k];
            const double *restrict bias = w + lay[dir ? 3 : 1];
            const double *restrict hc = prev + (size_t)child * h;
            for (int j = 0; j < h; j++) mk[j] = hc[j] + bias[j];
            add_product(t->e + (size_t)k * de, de, w + lay[dir ? 2 : 0], h, mk);
            double *restrict target = agg + (size_t)parent * 2 * h + (size_t)dir * h;
            for (int j = 0; j < h; j++) target[j] += relu(mk[j]);
        }
        for (int v = 0; v < nr; v++) {
            double *restrict z = mk;
            for (int j = 0; j < h; j++) z[j] = w[lay[7] + j];
            add_product_dense(prev + (size_t)v * h, h, w + lay[4], h, z);
            add_product_dense(agg + (size_t)v * 2 * h, h, w + lay[5], h, z);
            add_product_dense(agg + (size_t)v * 2 * h + h, h, w + lay[6], h, z);
            double *restrict ov = out + (size_t)v * h;
            for (int j = 0; j < h; j++) ov[j] = relu(z[j]);
        }
        double *swap = prev;
        prev = out;
        out = swap;
    }
    // Head: [h_src, h_dst, e_target] Q + q, then the output layer.
    double *restrict pre = head + 2 * h + de;
    for (int j = 0; j < 2 * h; j++) head[j] = prev[j];
    for (int j = 0; j < de; j++) head[2 * h + j] = t->target[j];
    for (int j = 0; j < h; j++) pre[j] = w[l->head_bias + j];
    add_product_dense(head, 2 * h, w + l->head, h, pre);
    add_product(head + 2 * h, de, w + l->head + (size_t)2 * h * h, h, pre);
    double margin = w[l->output_bias];
    for (int j = 0; j < h; j++) margin += relu(pre[j]) * w[l->output + j];
    return margin;
}

double amlgraph_gnn_margin(const amlgraph_gnn_tree *tree, const double *weights, const amlgraph_gnn_layout *layout, double *scratch) {
    if (layout->hidden == 16) return forward(tree, weights, layout, scratch, 16);
    return forward(tree, weights, layout, scratch, layout->hidden);
}

#if defined(__x86_64__)
int amlgraph_gnn_avx2_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

__attribute__((target("avx2"))) double amlgraph_gnn_margin_avx2(const amlgraph_gnn_tree *tree, const double *weights,
                                                                const amlgraph_gnn_layout *layout, double *scratch) {
    if (layout->hidden == 16) return forward(tree, weights, layout, scratch, 16);
    return forward(tree, weights, layout, scratch, layout->hidden);
}
#else
int amlgraph_gnn_avx2_available(void) { return 0; }

double amlgraph_gnn_margin_avx2(const amlgraph_gnn_tree *tree, const double *weights, const amlgraph_gnn_layout *layout, double *scratch) {
    return amlgraph_gnn_margin(tree, weights, layout, scratch);
}
#endif
