// Purpose: where money sent by an account went within a week, following transfers in time order (up to 4 hops).
// Params: $account (string, account_id)
MATCH p = (a:Account {account_id: $account})-[t:TRANSFER*1..4 TIME ORDERED WITHIN 7d]->(b:Account)
RETURN b.account_id AS reached, min(length(p)) AS hops, count(*) AS paths
ORDER BY hops, reached
LIMIT 50
