"""Console adapter: the same pipeline as Slack, in a terminal or a pipe."""
