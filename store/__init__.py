"""Persistence: all database code lives in this package."""
