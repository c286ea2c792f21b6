ALTER TABLE `projects` ADD `guidelines` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `projects` ADD `guidelines_updated_at` integer;