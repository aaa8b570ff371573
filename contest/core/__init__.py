"""The ground every domain stands on: contests and rounds, units, accounts and roles, the audit
chain, text hygiene, errors, client addresses, PDF rendering, the back office's shared pieces."""
