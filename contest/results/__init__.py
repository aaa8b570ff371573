"""Results: the pure scoring, ranking, fairness and chart functions, tabulation, the results
policy, frozen and published snapshots, the minutes and decision, exports, public results."""
