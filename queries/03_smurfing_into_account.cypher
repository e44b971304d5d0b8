// Purpose: smurfing — many transfers just under the 10,000 reporting threshold into one account.
// Params: $account (string, account_id), $threshold (number, e.g. 10000)
MATCH (s:Account)-[t:TRANSFER]->(a:Account {account_id: $account})
WHERE t.amount >= $threshold * 0.8 AND t.amount < $threshold
RETURN count(t) AS transfers, count(DISTINCT s) AS senders, sum(t.amount) AS total, min(t.ts) AS first_ts, max(t.ts) AS last_ts
