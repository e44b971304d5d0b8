#ifndef AMLGRAPH_CSQLITE_SHIM_H
#define AMLGRAPH_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import.
static inline sqlite3_destructor_type amlgraph_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type amlgraph_sqlite_static(void) { return SQLITE_STATIC; }
// sqlite3_config is variadic, which Swift cannot call. Turning memory statistics off removes a
// process-wide mutex taken on every SQLite allocation; must run before the first connection.
static inline int amlgraph_sqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
#endif
