-- Hand-written instead of drizzle-kit's table rebuild: SQLite adds a column with its CHECK in place,
-- so the rows, the foreign keys that point at verifiers and their ids stay as they are.
ALTER TABLE `verifiers` ADD `language` text DEFAULT 'javascript' NOT NULL CONSTRAINT `verifiers_language_check` CHECK(`language` IN ('javascript', 'python'));
