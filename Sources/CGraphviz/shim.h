#ifndef AMLGRAPH_CGRAPHVIZ_SHIM_H
#define AMLGRAPH_CGRAPHVIZ_SHIM_H
// Graphviz's layout and rendering library (libgvc) and its graph library (cgraph), for the
// Rendering module's DOT -> SVG step, done in-process rather than by spawning `dot`.
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
