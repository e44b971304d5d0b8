// Purpose: the other members of an account's Louvain community (money-flow clusters).
// Params: $account (string, account_id)
CALL algo.louvain({resolution: 1.0})
YIELD node, community
WITH community, collect(node.account_id) AS members
WHERE $account IN members
RETURN community, size(members) AS size, members[0..20] AS sample
