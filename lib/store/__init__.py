"""The data contract (lib.store.schema) and how the tables are stored."""
