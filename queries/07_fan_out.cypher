// Purpose: fan-out — accounts that paid many distinct receivers within one day of their first transfer.
// Params: $min_receivers (integer)
MATCH (a:Account)-[t:TRANSFER]->(b:Account)
WITH a, min(t.ts) AS first, collect(t) AS ts
WITH a, [x IN ts WHERE x.ts < first + 86400 | endNode(x)] AS receivers
WITH a, size(receivers) AS n
WHERE n >= $min_receivers
RETURN a.account_id AS account, n
ORDER BY n DESC, account
LIMIT 20
