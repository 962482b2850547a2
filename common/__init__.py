"""What the ETL and the app share: where the database is, and how a .sql file runs."""
