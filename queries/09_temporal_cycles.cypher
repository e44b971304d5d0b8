// Purpose: time-ordered cycles of up to 5 hops within 30 days, largest amounts first (aml.cycles procedure).
// Params: none
CALL aml.cycles({maxHops: 5, window: 2592000})
YIELD accounts, hops, amount, start_ts, end_ts
RETURN [a IN accounts | a.account_id] AS ring, hops, amount, end_ts - start_ts AS seconds
ORDER BY amount DESC
LIMIT 20
