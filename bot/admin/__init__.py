"""The running bot's admin endpoint on loopback: `opsbot ingest` hands its work to the process that owns the index."""
