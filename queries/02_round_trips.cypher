// Purpose: round trips — money leaving an account and coming back to it in time order within 30 days (2-4 hops).
// Params: $account (string, account_id)
MATCH p = (a:Account {account_id: $account})-[t:TRANSFER*2..4 TIME ORDERED WITHIN 30d]->(a)
RETURN [n IN nodes(p) | n.account_id] AS accounts, reduce(s = 0.0, x IN t | s + x.amount) AS amount
LIMIT 100
