// Purpose: the most central accounts of the money flow (PageRank weighted by amount), with their owners.
// Params: $top (integer)
CALL algo.pagerank({damping: 0.85})
YIELD node, score
MATCH (c:Customer)-[:OWNS]->(node)
RETURN node.account_id AS account, c.name AS owner, c.country AS country, score
ORDER BY score DESC
LIMIT $top
