// Purpose: the accounts receiving the most transfers (in-degree), with the amount received.
// Params: $top (integer)
MATCH (s:Account)-[t:TRANSFER]->(a:Account)
RETURN a.account_id AS account, count(t) AS incoming, sum(t.amount) AS amount
ORDER BY incoming DESC, account
LIMIT $top
