// Purpose: pass-through (mule) accounts — money in then out again within a day, with similar amounts.
// Params: $ratio (number, e.g. 0.9: the outgoing amount is at least this share of the incoming one)
MATCH (s:Account)-[i:TRANSFER]->(m:Account)-[o:TRANSFER]->(d:Account)
WHERE o.ts > i.ts AND o.ts - i.ts < 86400 AND o.amount >= i.amount * $ratio AND o.amount <= i.amount AND s <> d
RETURN m.account_id AS account, count(*) AS passes, sum(o.amount) AS amount
ORDER BY passes DESC, account
LIMIT 20
