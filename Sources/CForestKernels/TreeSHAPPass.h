// One tree's two passes for LANES rows side by side, included by TreeSHAPKernel.c once per
// vector width with VD, VF, VI (LANES doubles, floats, int32s) and SHAP_NAME(x) (x's name for
// this width). Each lane runs the same operations in the same order whatever the width, so a
// row gets the same values in any lane of any width.

/// One tree for the LANES rows of `x` (feature `j` of the rows at `x[j]`), adding to `phi[j]`.
/// `P`, `F`, `G` hold per entry and quadrature node the path polynomial, the factor and the
/// subtree sum; `M` per entry whether each row meets every condition on its feature so far.
/// `q`: the tree's number of quadrature nodes (a constant where `shap_tree` calls it, so the
/// loops over nodes are unrolled).
INLINE void SHAP_NAME(shap_tree_nodes)(const amlgraph_shap_forest *f, size_t t, const int q, const VF *x, VD *phi, VD *P, VD *F, VD *G, VD *M) {
    const amlgraph_shap_entry *E = f->entries + f->entry_start[t];
    const int n = f->entry_start[t + 1] - f->entry_start[t];
    const double *points = f->points + f->point_start[t];
    const size_t base = (size_t)f->factor_start[t];
    const double *coldFactor = f->cold_factor + base, *hotWeight = f->hot_weight + base, *coldWeight = f->cold_weight + base;
    const int32_t *rebuild = f->rebuild, *subtract = f->subtract;
    const VD one = (VD){0} + 1.0, zero = (VD){0};

    // Down: factors a (1 − t) + b t and path products (the root's is 1).
    for (int k = 0; k < q; k++) P[k] = one;
    M[0] = one;
    for (int e = 1; e < n; e++) {
        const amlgraph_shap_entry *entry = E + e, *split = E + entry->parent;
        const VI right = x[split->feature] > split->threshold;  // -1 where the row goes right (NaN: left)
        const VD goesRight = __builtin_convertvector(-right, VD);
        VD b = entry->is_right ? goesRight : one - goesRight;
        if (entry->prior >= 0) b *= M[entry->prior];
        M[e] = b;
        VD *fe = F + e * q, *pe = P + e * q;
        const double *a = coldFactor + e * q;
        for (int k = 0; k < q; k++) fe[k] = a[k] + b * points[k];
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
    // Up: subtree sums, and each entry's share of its feature, met or unmet per lane.
    for (int e = n - 1; e >= 0; e--) {
        const amlgraph_shap_entry *entry = E + e;
        VD *ge = G + e * q;
        if (entry->feature < 0) {
            const VD v = (VD){0} + entry->value, *pe = P + e * q;
            for (int k = 0; k < q; k++) ge[k] = v * pe[k];
        } else {
            const VD *left = G + (e + 1) * q, *right = G + entry->right * q;
            for (int k = 0; k < q; k++) ge[k] = left[k] + right[k];
        }
        if (entry->silent) continue;
        const double *hw = hotWeight + e * q, *cw = coldWeight + e * q;
        VD hot = zero, cold = zero;
        for (int k = 0; k < q; k++) {
            VD h = ge[k];
            for (int j = entry->subtract_start; j < entry->subtract_end; j++) h -= G[subtract[j] * q + k];
            hot += h * hw[k];
            cold += h * cw[k];
        }
        const VD b = M[e];
        phi[entry->path_feature] += b * hot + (one - b) * cold;
    }
}

INLINE void SHAP_NAME(shap_tree)(const amlgraph_shap_forest *f, size_t t, const VF *x, VD *phi, VD *P, VD *F, VD *G, VD *M) {
    // Rules of up to 4 nodes (paths of up to 8 distinct features) get loops of a fixed length.
    switch (f->nodes[t]) {
    case 1: SHAP_NAME(shap_tree_nodes)(f, t, 1, x, phi, P, F, G, M); break;
    case 2: SHAP_NAME(shap_tree_nodes)(f, t, 2, x, phi, P, F, G, M); break;
    case 3: SHAP_NAME(shap_tree_nodes)(f, t, 3, x, phi, P, F, G, M); break;
    case 4: SHAP_NAME(shap_tree_nodes)(f, t, 4, x, phi, P, F, G, M); break;
    default: SHAP_NAME(shap_tree_nodes)(f, t, f->nodes[t], x, phi, P, F, G, M); break;
    }
}
