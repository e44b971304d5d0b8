// Purpose: every time-respecting path between two accounts (aml.paths procedure).
// Params: $from, $to (strings, account_id)
CALL aml.paths($from, $to, {maxHops: 4, window: 2592000})
YIELD accounts, hops, start_ts, end_ts
RETURN [a IN accounts | a.account_id] AS path, hops, start_ts, end_ts
ORDER BY hops, start_ts
LIMIT 50
