#ifndef AMLGRAPH_CLIBPQ_SHIM_H
#define AMLGRAPH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
