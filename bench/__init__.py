"""Benchmarks: `make bench` runs every module here that defines `main()`, each in its own process."""
