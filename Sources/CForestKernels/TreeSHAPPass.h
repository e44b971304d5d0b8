// One tree's two passes for LANES rows side by side, included by TreeSHAPKernel.c once per
// vector width with VD, VF, VL (LANES doubles, floats, int64 masks) and SHAP_NAME(x) (x's name
// for this width). Each lane runs the same operations in the same order whatever the width, so a
// row gets the same values in any lane of any width.

/// `m ? a : b` per lane, for masks of all ones or all zeros (a bitwise select: exact, and one
/// instruction with AVX-512); the one-lane build picks with the scalar condition (a conditional
/// move), which in general-purpose registers costs less than the vector bit operations.
#if SHAP_ONE_LANE
#define SHAP_SELECT(m, a, b) ((m)[0] ? (a) : (b))
#else
#define SHAP_SELECT(m, a, b) ((VD)(((VL)(a) & (m)) | ((VL)(b) & ~(m))))
#endif

/// One tree for the LANES rows of `x` (feature `j` of the rows at `x[j]`): the entries' shares
/// summed per feature in the order of the pass (`fold` of `TreeSHAPKernel.h`), each sum then added
/// to `phi[j]` of its feature, or with `sums` stored in `sums[k]` instead (to be added later, by
/// `shap_rows`' shared patterns, the same additions). `O`: room for the sums when `sums` is NULL.
/// `P`, `F`, `G` hold per entry and quadrature node the path polynomial, the factor and the
/// subtree sum; `M` per entry the lanes (rows) that meet every condition on its feature so far.
/// `q`: the tree's number of quadrature nodes (a constant where `shap_tree` calls it, so the
/// loops over nodes are unrolled).
///
/// A row enters only through its met/unmet mask, so each factor and each weight is a select
/// between two precomputed values: the factor `a (1 − t) + t` or `a (1 − t)`, the weight
/// `hot_weight` or `cold_weight`. The sums are the same operations, in the same order, as the
/// products with 0/1 they replace.
INLINE void SHAP_NAME(shap_tree_nodes)(const amlgraph_shap_forest *f, size_t t, const int q, const VF *x, VD *phi, VD *sums, VD *P, VD *F, VD *G,
                                       VL *M, VD *O) {
    const amlgraph_shap_entry *E = f->entries + f->entry_start[t];
    const int n = f->entry_start[t + 1] - f->entry_start[t];
    const size_t base = (size_t)f->factor_start[t];
    const double *coldFactor = f->cold_factor + base, *hotFactor = f->hot_factor + base;
    const double *hotWeight = f->hot_weight + base, *coldWeight = f->cold_weight + base;
    const int32_t *rebuild = f->rebuild, *subtract = f->subtract;
    const VD one = (VD){0} + 1.0, zero = (VD){0};

    // Down: factors and path products (the root's is 1).
    for (int k = 0; k < q; k++) P[k] = one;
    M[0] = (VL){0} - 1;
    for (int e = 1; e < n; e++) {
        const amlgraph_shap_entry *entry = E + e, *split = E + entry->parent;
        // -1 where the row goes right (NaN: left).
        const VL right = __builtin_convertvector(x[split->feature] > split->threshold, VL);
        VL b = entry->is_right ? right : ~right;
        if (entry->prior >= 0) b &= M[entry->prior];
        M[e] = b;
        VD *fe = F + e * q, *pe = P + e * q;
        const double *hot = hotFactor + e * q, *cold = coldFactor + e * q;
        for (int k = 0; k < q; k++) fe[k] = SHAP_SELECT(b, zero + hot[k], zero + cold[k]);
        if (entry->prior < 0) {
            const VD *pp = P + entry->parent * q;
            for (int k = 0; k < q; k++) pe[k] = pp[k] * fe[k];
        } else {
            for (int k = 0; k < q; k++) pe[k] = fe[k];
            for (int j = entry->rebuild_start; j < entry->rebuild_end; j++) {
                const VD *fj = F + rebuild[j] * q;
                for (int k = 0; k < q; k++) pe[k] *= fj[k];
            }
        }
    }
    // Up: subtree sums, and each entry's share of its feature with the met or unmet weights,
    // summed per feature (in `sums`, or in `O` and then added to `phi`).
    const int folds = f->fold_start[t + 1] - f->fold_start[t];
    VD *fold = sums ? sums : O;
    for (int k = 0; k < folds; k++) fold[k] = zero;
    for (int e = n - 1; e >= 0; e--) {
        const amlgraph_shap_entry *entry = E + e;
        VD *ge = G + e * q;
        if (entry->feature < 0) {
            const VD v = zero + entry->value, *pe = P + e * q;
            for (int k = 0; k < q; k++) ge[k] = v * pe[k];
        } else {
            const VD *left = G + (e + 1) * q, *right = G + entry->right * q;
            for (int k = 0; k < q; k++) ge[k] = left[k] + right[k];
        }
        if (entry->silent) continue;
        const double *hw = hotWeight + e * q, *cw = coldWeight + e * q;
        const VL b = M[e];
        VD sum = zero;
        for (int k = 0; k < q; k++) {
            VD h = ge[k];
            for (int j = entry->subtract_start; j < entry->subtract_end; j++) h -= G[subtract[j] * q + k];
            sum += h * SHAP_SELECT(b, zero + hw[k], zero + cw[k]);
        }
        fold[entry->fold] += sum;
    }
    if (!sums) {
        const int32_t *feature = f->fold_feature + f->fold_start[t];
        for (int k = 0; k < folds; k++) phi[feature[k]] += fold[k];
    }
}

INLINE void SHAP_NAME(shap_tree)(const amlgraph_shap_forest *f, size_t t, const VF *x, VD *phi, VD *sums, VD *P, VD *F, VD *G, VL *M, VD *O) {
    // Rules of up to 5 nodes (paths of up to 10 distinct features) get loops of a fixed length.
    switch (f->nodes[t]) {
    case 1: SHAP_NAME(shap_tree_nodes)(f, t, 1, x, phi, sums, P, F, G, M, O); break;
    case 2: SHAP_NAME(shap_tree_nodes)(f, t, 2, x, phi, sums, P, F, G, M, O); break;
    case 3: SHAP_NAME(shap_tree_nodes)(f, t, 3, x, phi, sums, P, F, G, M, O); break;
    case 4: SHAP_NAME(shap_tree_nodes)(f, t, 4, x, phi, sums, P, F, G, M, O); break;
    case 5: SHAP_NAME(shap_tree_nodes)(f, t, 5, x, phi, sums, P, F, G, M, O); break;
    default: SHAP_NAME(shap_tree_nodes)(f, t, f->nodes[t], x, phi, sums, P, F, G, M, O); break;
    }
}

#undef SHAP_SELECT
