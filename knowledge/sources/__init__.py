"""Readers that turn files (runbooks, ticket exports) into `Document`s."""
