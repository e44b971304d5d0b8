// Purpose: how closely two accounts are linked at all, ignoring time and direction (shortest path).
// Params: $from, $to (strings, account_id)
MATCH (a:Account {account_id: $from}), (b:Account {account_id: $to})
MATCH p = shortestPath((a)-[:TRANSFER*..6]-(b))
RETURN [n IN nodes(p) | n.account_id] AS accounts, length(p) AS hops
