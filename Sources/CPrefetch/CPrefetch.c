// The prefetch hint is header-only (static inline, so Swift inlines it); a C target needs a source.
#include "CPrefetch.h"
