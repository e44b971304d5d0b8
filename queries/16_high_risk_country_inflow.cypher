// Purpose: money reaching accounts from customers in a list of countries, per receiving account.
// Params: $countries (list of country codes)
MATCH (c:Customer)-[:OWNS]->(s:Account)-[t:TRANSFER]->(d:Account)
WHERE c.country IN $countries
RETURN d.account_id AS account, count(t) AS transfers, sum(t.amount) AS amount,
       CASE WHEN sum(t.amount) > 100000 THEN 'high' ELSE 'normal' END AS level
ORDER BY amount DESC
LIMIT 25
