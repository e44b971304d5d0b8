-- 002_multi_label_nodes: what the query language needs to hold any property graph.
-- A node keeps its first label in nodes.label (the one its key is unique under) and any
-- further labels in node_labels; a node created without a label has label '' and a
-- generated key. Edges may now be parallel (Cypher allows two KNOWS between the same
-- nodes): `dup` is 0 for ingested edges, so re-ingesting still changes nothing, and a
-- distinct number for each edge a query creates.

CREATE TABLE node_labels (
    node  INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    PRIMARY KEY (node, label)
) WITHOUT ROWID;
CREATE INDEX node_labels_by_label ON node_labels (label);

ALTER TABLE edges ADD COLUMN dup INTEGER NOT NULL DEFAULT 0;
DROP INDEX edges_by_src;
CREATE UNIQUE INDEX edges_by_src ON edges (src, type, dst, dup);
