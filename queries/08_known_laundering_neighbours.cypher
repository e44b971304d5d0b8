// Purpose: accounts that received money in transfers already labelled as laundering, with who sent it.
// Params: $limit (integer)
MATCH (s:Account)-[t:TRANSFER {is_laundering: 1}]->(d:Account)
RETURN d.account_id AS account, collect(DISTINCT s.account_id)[0..5] AS senders, count(t) AS transfers, sum(t.amount) AS amount
ORDER BY transfers DESC, account
LIMIT $limit
