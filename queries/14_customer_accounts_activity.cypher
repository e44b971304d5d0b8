// Purpose: a customer's accounts with their in and out totals (OPTIONAL MATCH keeps quiet accounts).
// Params: $customer (string, customer_id)
MATCH (c:Customer {customer_id: $customer})-[:OWNS]->(a:Account)
OPTIONAL MATCH (a)-[o:TRANSFER]->()
WITH a, count(o) AS sent, coalesce(sum(o.amount), 0) AS out_amount
OPTIONAL MATCH ()-[i:TRANSFER]->(a)
RETURN a.account_id AS account, sent, out_amount, count(i) AS received, coalesce(sum(i.amount), 0) AS in_amount
ORDER BY account
