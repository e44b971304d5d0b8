// Purpose: a customer's outgoing exposure by destination country (through the receiving account's owner).
// Params: $customer (string, customer_id)
MATCH (c:Customer {customer_id: $customer})-[:OWNS]->(a:Account)-[t:TRANSFER]->(b:Account)<-[:OWNS]-(d:Customer)
RETURN d.country AS country, count(t) AS transfers, sum(t.amount) AS amount
ORDER BY amount DESC
