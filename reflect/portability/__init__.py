"""Moving records in and out: our JSON, Daylio, jrnl, CSV and Markdown exports, sync-conflict merges."""
