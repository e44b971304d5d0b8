// Purpose: accounts that send money to the same counterparties as a given account, by overlap.
// Params: $account (string, account_id)
MATCH (a:Account {account_id: $account})-[:TRANSFER]->(c:Account)<-[:TRANSFER]-(other:Account)
WHERE other <> a
RETURN other.account_id AS account, count(DISTINCT c) AS shared
ORDER BY shared DESC, account
LIMIT 20
